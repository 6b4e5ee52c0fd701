/**
 * `has-permission` edges: the classes of AWS permission an IAM role holds, decided by the IAM
 * evaluator the workload-role and node-role checks use (Deny, NotAction, NotResource and Pod
 * Identity session policies count). A data class counts when the role may read every resource of
 * its type, the grant workload-role-wildcard reports: reading the one bucket an application
 * owns is its job, reading every bucket is the exposure. An administrator gets `admin` and not
 * also `iam-privesc`: it has nothing left to escalate to, and one path says so.
 */
import type { EvidencePath, IamRoleRecord, PolicyDocument, ResourceRef, StepEvidence } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { formatPath } from '../../../inventory/evidence-path.js';
import { roleKey } from '../../../analysis/identity/iam-arn.js';
import { adminGrant } from '../../../analysis/identity/iam-capabilities.js';
import { decide, grantLabel, granted, probeResource, roleAccess, type AccessDecision, type ProbeKind, type RoleAccess } from '../../../analysis/identity/iam-permissions.js';
import { privescPaths } from '../../../analysis/identity/iam-privesc.js';
import { lookupRole, roleArnOf } from '../../../analysis/identity/iam-roles.js';
import { awsPermissionNode, type AwsPermissionClass } from '../../nodes.js';
import type { SecurityGraph } from '../../security-graph.js';
import { addRoleNode, nodeRoleRefs, workloadRoleRefs } from './role-nodes.js';

export interface PermissionGrant {
  permission: AwsPermissionClass;
  evidence: StepEvidence[];
}

interface DataClass {
  permission: AwsPermissionClass;
  /** Any one of these, on every resource of its type, is enough. */
  actions: ReadonlyArray<{ action: string; on: ProbeKind }>;
  what: string;
}

const DATA_CLASSES: readonly DataClass[] = [
  { permission: 's3-read', actions: [{ action: 's3:GetObject', on: 's3:object' }], what: 'every S3 object' },
  { permission: 'secretsmanager-read', actions: [{ action: 'secretsmanager:GetSecretValue', on: 'secretsmanager:secret' }], what: 'every Secrets Manager secret' },
  {
    permission: 'ssm-read',
    actions: [
      { action: 'ssm:GetParameter', on: 'ssm:parameter' },
      { action: 'ssm:GetParameters', on: 'ssm:parameter' },
      { action: 'ssm:GetParametersByPath', on: 'ssm:parameter' },
    ],
    what: 'every SSM parameter',
  },
  { permission: 'kms-decrypt', actions: [{ action: 'kms:Decrypt', on: 'kms:key' }], what: 'every KMS key' },
  {
    permission: 'dynamodb-read',
    actions: [
      { action: 'dynamodb:Scan', on: 'dynamodb:table' },
      { action: 'dynamodb:Query', on: 'dynamodb:table' },
      { action: 'dynamodb:GetItem', on: 'dynamodb:table' },
      { action: 'dynamodb:BatchGetItem', on: 'dynamodb:table' },
    ],
    what: 'every DynamoDB table',
  },
];

/** `, only under conditions on aws:SourceIp; unless permissions boundary … narrows it`. */
function caveats(decision: AccessDecision, access: RoleAccess): string {
  const parts: string[] = [];
  if (decision.verdict !== 'allowed') parts.push(`only under conditions on ${decision.undecidedKeys.join(', ') || 'its statements'}`);
  if (access.policies.boundary) parts.push(`unless permissions boundary ${access.policies.boundary} (not collected) narrows it`);
  if (access.sessionPolicies) parts.push('as narrowed by the Pod Identity session policy');
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

function evidence(access: RoleAccess, path: EvidencePath | undefined, detail: string): StepEvidence {
  const item: StepEvidence = { resource: { kind: 'IAMRole', name: access.arn }, detail };
  if (path && path.length > 0) item.path = formatPath(path);
  return item;
}

function adminEvidence(access: RoleAccess): StepEvidence | undefined {
  const grant = adminGrant(access);
  if (!grant) return undefined;
  const first = grant.decision.grants[0];
  const attached = first?.path[0] === 'AttachedPolicies' ? first.path.slice(0, 2) : undefined;
  const through = grant.managedPolicy ? `AWS managed policy ${grant.managedPolicy}` : grantLabel(first);
  const path = grant.managedPolicy && attached ? [...attached, 'PolicyArn'] : first?.path;
  return evidence(access, path, `${through} allows ${grant.what} on every resource${caveats(grant.decision, access)}`);
}

function privescEvidence(access: RoleAccess): StepEvidence[] {
  const paths = privescPaths(access);
  const outright = paths.filter((path) => path.verdict === 'allowed');
  const shown = (outright.length > 0 ? outright : paths).slice(0, 3);
  return shown.map((path) => {
    const step = path.steps[0];
    const grants = [...new Set(path.steps.map((item) => grantLabel(item.decision.grants[0])))].join('; ');
    const conditional = path.verdict === 'conditional' ? ` (only under conditions on ${path.undecidedKeys.join(', ') || 'its statements'})` : '';
    return evidence(access, step?.decision.grants[0]?.path, `can ${path.rule.title} through ${grants}${conditional}`);
  });
}

function dataEvidence(access: RoleAccess, data: DataClass): StepEvidence | undefined {
  let best: { action: string; decision: AccessDecision } | undefined;
  for (const { action, on } of data.actions) {
    const decision = decide(access, action, probeResource(access, on));
    if (!granted(decision)) continue;
    if (!best || (decision.verdict === 'allowed' && best.decision.verdict !== 'allowed')) best = { action, decision };
    if (decision.verdict === 'allowed') break;
  }
  if (!best) return undefined;
  const first = best.decision.grants[0];
  return evidence(access, first?.path, `${grantLabel(first)} allows ${best.action} on ${data.what}${caveats(best.decision, access)}`);
}

function computeGrants(access: RoleAccess): PermissionGrant[] {
  const grants: PermissionGrant[] = [];
  const admin = adminEvidence(access);
  // An administrator has every escalation path already: one class says it, without a second path.
  if (admin) grants.push({ permission: 'admin', evidence: [admin] });
  const privesc = admin ? [] : privescEvidence(access);
  if (privesc.length > 0) grants.push({ permission: 'iam-privesc', evidence: privesc });
  for (const data of DATA_CLASSES) {
    const found = dataEvidence(access, data);
    if (found) grants.push({ permission: data.permission, evidence: [found] });
  }
  return grants;
}

/** The permission classes of a role as IAM returned it, narrowed by session policies when given. */
export function roleGrants(inventory: InventoryView, record: IamRoleRecord, sessionPolicies?: PolicyDocument[]): PermissionGrant[] {
  const arn = roleArnOf(record);
  const key = `graph:role-grants:${roleKey(arn) ?? arn}`;
  // Session-narrowed grants depend on the policies, which differ per role and use: not cached.
  if (sessionPolicies && sessionPolicies.length > 0) return computeGrants(roleAccess(inventory, record, sessionPolicies));
  return inventory.cached(key, () => computeGrants(roleAccess(inventory, record)));
}

/**
 * Adds the role's `has-permission` edges. Roles IAM did not return (not collected, or in
 * another account) hold nothing the graph can show.
 */
export function addRolePermissionEdges(graph: SecurityGraph, inventory: InventoryView, arn: string, sessionPolicies?: PolicyDocument[]): void {
  const found = lookupRole(inventory, arn);
  if (found.status !== 'found') return;
  const grants = roleGrants(inventory, found.record, sessionPolicies);
  if (grants.length === 0) return;
  const role = addRoleNode(graph, inventory, arn);
  const enabledBy: ResourceRef[] = [...workloadRoleRefs(inventory, arn), ...nodeRoleRefs(inventory, arn)];
  for (const grant of grants) {
    const target = graph.addNode(awsPermissionNode(grant.permission));
    graph.addEdge({ from: role.id, to: target.id, kind: 'has-permission', evidence: grant.evidence, enabledBy });
  }
}
