/**
 * The IAM roles of a snapshot (`aws.iam.roles`): found by ARN however it is written, told apart
 * from roles that no longer exist (GetRole answered NoSuchEntity, recorded as a collection
 * error with the ARN as target) and from roles that could not be read.
 */
import type { CollectionError, IamRoleRecord, PolicyDocument } from '../../model/index.js';
import { awsMissingReason, type InventoryView } from '../../inventory/index.js';
import type { EvidencePath } from '../../model/index.js';
import { awsManagedPolicyName, iamPrincipalKind, principalName, roleKey } from './iam-arn.js';
import type { LabelledPolicy } from './iam-policy.js';

export type RoleLookup =
  | { status: 'found'; record: IamRoleRecord; index: number }
  | { status: 'missing'; error: CollectionError }
  | { status: 'unknown'; reason: string };

interface RoleIndex {
  byArn: Map<string, number>;
  byKey: Map<string, number>;
}

function roleIndex(inventory: InventoryView): RoleIndex {
  return inventory.cached('identity:iam-roles', () => {
    const byArn = new Map<string, number>();
    const byKey = new Map<string, number>();
    (inventory.aws?.iam?.roles ?? []).forEach((record, index) => {
      const arn = record.Role?.Arn;
      if (!arn) return;
      byArn.set(arn, index);
      const key = roleKey(arn);
      if (key && !byKey.has(key)) byKey.set(key, index);
    });
    return { byArn, byKey };
  });
}

/** Whether IAM roles were collected at all (the list may legitimately be empty). */
export function iamRolesCollected(inventory: InventoryView): boolean {
  return inventory.aws?.iam?.roles !== undefined;
}

/** The IAM "no such entity" answer recorded for a principal, if the collector got one. */
export function noSuchEntity(inventory: InventoryView, arn: string): CollectionError | undefined {
  const kind = iamPrincipalKind(arn);
  const operation = kind === 'user' ? 'GetUser' : 'GetRole';
  const key = kind === 'role' ? roleKey(arn) : undefined;
  return inventory.errors.find(
    (error) =>
      error.source === 'aws' &&
      error.operation === operation &&
      (error.service === undefined || error.service === 'iam') &&
      String(error.code) === 'NoSuchEntity' &&
      error.target !== undefined &&
      (error.target === arn || (key !== undefined && roleKey(error.target) === key)),
  );
}

export function lookupRole(inventory: InventoryView, arn: string): RoleLookup {
  const roles = inventory.aws?.iam?.roles ?? [];
  const { byArn, byKey } = roleIndex(inventory);
  const key = roleKey(arn);
  const index = byArn.get(arn) ?? (key !== undefined ? byKey.get(key) : undefined);
  const record = index !== undefined ? roles[index] : undefined;
  if (record && index !== undefined) return { status: 'found', record, index };
  const missing = noSuchEntity(inventory, arn);
  if (missing) return { status: 'missing', error: missing };
  return { status: 'unknown', reason: awsMissingReason(inventory, { service: 'iam', operation: 'GetRole', target: arn }) };
}

export function roleArnOf(record: IamRoleRecord): string {
  return record.Role?.Arn ?? '';
}

export function roleNameOf(record: IamRoleRecord): string {
  return record.Role?.RoleName ?? principalName(roleArnOf(record));
}

/**
 * Documents of AWS managed policies that grant everything or IAM itself, as AWS publishes
 * them, for a snapshot that names the policy without its document.
 */
const KNOWN_MANAGED: Record<string, PolicyDocument> = {
  AdministratorAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  PowerUserAccess: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'account:GetAccountInformation',
          'account:GetPrimaryEmail',
          'account:ListRegions',
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeOrganization',
        ],
        Resource: '*',
      },
    ],
  },
  IAMFullAccess: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'iam:*',
          'organizations:DescribeAccount',
          'organizations:DescribeOrganization',
          'organizations:DescribeOrganizationalUnit',
          'organizations:DescribePolicy',
          'organizations:ListChildren',
          'organizations:ListParents',
          'organizations:ListPoliciesForTarget',
          'organizations:ListRoots',
          'organizations:ListPolicies',
          'organizations:ListTargetsForPolicy',
        ],
        Resource: '*',
      },
    ],
  },
};

/** AWS managed policies that make a role an administrator of the account by themselves. */
export const ADMIN_MANAGED_POLICIES = Object.keys(KNOWN_MANAGED);

export interface MissingPolicy {
  label: string;
  path: EvidencePath;
  /** Why its document is not there, naming the permission. */
  reason: string;
}

export interface RolePolicies {
  policies: LabelledPolicy[];
  missing: MissingPolicy[];
  /** The permissions boundary ARN, whose document a snapshot does not hold. */
  boundary?: string;
}

/** The identity policies of a role, labelled for findings, and those whose document is missing. */
export function rolePolicies(inventory: InventoryView, record: IamRoleRecord): RolePolicies {
  const policies: LabelledPolicy[] = [];
  const missing: MissingPolicy[] = [];
  const arn = roleArnOf(record);
  // An absent list means it was not collected; a role without policies has an empty one.
  if (record.AttachedPolicies === undefined) {
    missing.push({
      label: 'attached policies',
      path: ['AttachedPolicies'],
      reason: awsMissingReason(inventory, { service: 'iam', operation: 'ListAttachedRolePolicies', target: arn }),
    });
  }
  if (record.InlinePolicies === undefined) {
    missing.push({
      label: 'inline policies',
      path: ['InlinePolicies'],
      reason: awsMissingReason(inventory, { service: 'iam', operation: 'ListRolePolicies', target: arn }),
    });
  }
  (record.AttachedPolicies ?? []).forEach((attached, index) => {
    const policyArn = attached.PolicyArn ?? '';
    const name = attached.PolicyName ?? principalName(policyArn);
    const label = `managed policy ${name}`;
    if (attached.Document) {
      policies.push({ document: attached.Document, label, path: ['AttachedPolicies', index, 'Document'] });
      return;
    }
    const known = KNOWN_MANAGED[awsManagedPolicyName(policyArn) ?? ''];
    if (known) {
      policies.push({ document: known, label, path: ['AttachedPolicies', index, 'PolicyArn'], opaque: true });
      return;
    }
    missing.push({
      label,
      path: ['AttachedPolicies', index],
      reason: awsMissingReason(inventory, { service: 'iam', operation: 'GetPolicyVersion', target: policyArn }),
    });
  });
  (record.InlinePolicies ?? []).forEach((inline, index) => {
    const label = `inline policy ${inline.PolicyName ?? String(index)}`;
    if (inline.Document) {
      policies.push({ document: inline.Document, label, path: ['InlinePolicies', index, 'Document'] });
      return;
    }
    missing.push({
      label,
      path: ['InlinePolicies', index],
      reason: awsMissingReason(inventory, { service: 'iam', operation: 'GetRolePolicy', target: arn }),
    });
  });
  const result: RolePolicies = { policies, missing };
  const boundary = record.Role?.PermissionsBoundary?.PermissionsBoundaryArn;
  if (boundary && awsManagedPolicyName(boundary) !== 'AdministratorAccess') result.boundary = boundary;
  return result;
}
