/**
 * EKS access entries (DescribeAccessEntry) with their associated access policies
 * (ListAssociatedAccessPolicies). Access policies are EKS-managed Kubernetes permission sets,
 * not IAM policies; AmazonEKSClusterAdminPolicy is cluster-admin and AmazonEKSAdminPolicy
 * is admin, either of them cluster-wide when the access scope is `cluster`.
 */
import type { AwsSnapshotData, Target } from '../../model/index.js';
import { awsCallError, awsMissingReason, type InventoryView } from '../../inventory/index.js';
import { eksClusterTarget, type MissingDataTarget } from './eks-cluster-data.js';
import { globMatches } from './iam-match.js';

export type AccessEntryRecord = NonNullable<NonNullable<AwsSnapshotData['eks']>['accessEntries']>[number];

export const CLUSTER_ADMIN_POLICY = 'AmazonEKSClusterAdminPolicy';
export const ADMIN_POLICY = 'AmazonEKSAdminPolicy';
const ADMIN_POLICIES = new Set([CLUSTER_ADMIN_POLICY, ADMIN_POLICY]);

/** `arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy` → `AmazonEKSClusterAdminPolicy`. */
export function accessPolicyName(policyArn: string | undefined): string | undefined {
  const match = /:cluster-access-policy\/([^/]+)$/.exec(policyArn ?? '');
  return match?.[1];
}

/** Node and Fargate entry types: EKS maps them to system:nodes, and they take no access policy. */
export function isNodeEntryType(type: string | undefined): boolean {
  return type !== undefined && type !== 'STANDARD';
}

export const EDIT_POLICY = 'AmazonEKSEditPolicy';
export const ADMIN_VIEW_POLICY = 'AmazonEKSAdminViewPolicy';

/** The takeover powers of an access policy, from the rule tables of the EKS user guide. */
export interface AccessPolicyPowers {
  /** create pods and workload controllers (so run code as any service account in scope). */
  writePods: boolean;
  /** get/list Secrets. */
  readSecrets: boolean;
}

/**
 * Admin and edit hold pods and controllers (create, patch, update) and Secrets, like the
 * Kubernetes admin and edit roles; admin view reads every resource, Secrets included. View
 * holds neither, and policies for EKS's own components are not given to people.
 */
const POLICY_POWERS: Readonly<Record<string, AccessPolicyPowers>> = {
  [CLUSTER_ADMIN_POLICY]: { writePods: true, readSecrets: true },
  [ADMIN_POLICY]: { writePods: true, readSecrets: true },
  [EDIT_POLICY]: { writePods: true, readSecrets: true },
  [ADMIN_VIEW_POLICY]: { writePods: false, readSecrets: true },
};

export type AccessScope = { type: 'cluster' } | { type: 'namespace'; namespaces: string[] };

export interface AccessPolicyGrant {
  index: number;
  policy: string;
  powers: AccessPolicyPowers;
  scope: AccessScope;
}

/**
 * The associated access policies that hold a takeover power, with their scope. A namespace
 * scope lists names, which may hold `*` wildcards (`dev-*`); one with no usable name grants
 * nothing, and a scope of neither type is skipped.
 */
export function accessPolicyGrants(record: AccessEntryRecord): AccessPolicyGrant[] {
  const out: AccessPolicyGrant[] = [];
  const associations: unknown = record.associatedAccessPolicies;
  if (!Array.isArray(associations)) return out;
  associations.forEach((association: AccessEntryRecord['associatedAccessPolicies'][number] | null | undefined, index) => {
    const policy = accessPolicyName(typeof association?.policyArn === 'string' ? association.policyArn : undefined);
    const powers = policy ? POLICY_POWERS[policy] : undefined;
    if (!policy || !powers) return;
    const scope: unknown = association?.accessScope;
    const type = scope !== null && typeof scope === 'object' ? (scope as { type?: unknown }).type : undefined;
    if (type === 'cluster') {
      out.push({ index, policy, powers, scope: { type: 'cluster' } });
      return;
    }
    const listed: unknown = type === 'namespace' ? (scope as { namespaces?: unknown }).namespaces : undefined;
    const namespaces = Array.isArray(listed) ? listed.filter((name): name is string => typeof name === 'string' && name !== '') : [];
    if (namespaces.length > 0) out.push({ index, policy, powers, scope: { type: 'namespace', namespaces } });
  });
  return out;
}

/** Whether an access scope covers a namespace (cluster scope covers all). */
export function scopeCovers(scope: AccessScope, namespace: string): boolean {
  return scope.type === 'cluster' || scope.namespaces.some((pattern) => globMatches(pattern, namespace, false));
}

export interface AdminAssociation {
  index: number;
  policy: string;
}

/** Admin access policies associated with cluster-wide scope. */
export function clusterWideAdminPolicies(record: AccessEntryRecord): AdminAssociation[] {
  const out: AdminAssociation[] = [];
  record.associatedAccessPolicies.forEach((association, index) => {
    const policy = accessPolicyName(association.policyArn);
    if (policy && ADMIN_POLICIES.has(policy) && association.accessScope?.type === 'cluster') out.push({ index, policy });
  });
  return out;
}

export function clusterAdminEntries(records: readonly AccessEntryRecord[]): Array<{ principalArn: string; record: AccessEntryRecord }> {
  return records
    .filter((record) => !isNodeEntryType(record.accessEntry.type) && clusterWideAdminPolicies(record).length > 0)
    .map((record) => ({ principalArn: record.accessEntry.principalArn ?? '', record }));
}

export interface AccessEntryTarget extends Target {
  record: AccessEntryRecord;
  principalArn: string;
}

/**
 * One target per access entry. Without the list: nothing when the cluster is in CONFIG_MAP
 * mode (it has no access entries), otherwise one target reporting why the list is missing.
 */
export function accessEntryTargets(inventory: InventoryView): Array<AccessEntryTarget | MissingDataTarget> {
  const records = inventory.aws?.eks?.accessEntries;
  if (!records) {
    if (inventory.aws?.eks?.cluster?.accessConfig?.authenticationMode === 'CONFIG_MAP') return [];
    return [{ ...eksClusterTarget(inventory), missing: awsMissingReason(inventory, { service: 'eks', operation: 'ListAccessEntries' }) }];
  }
  return records.map((record) => {
    const principalArn = record.accessEntry.principalArn ?? '';
    return { resource: { kind: 'AccessEntry', name: principalArn }, record, principalArn };
  });
}

/** Why the associated access policies of an entry are not known, if they are not. */
export function associatedPoliciesMissing(inventory: InventoryView, principalArn: string): string | undefined {
  const call = { service: 'eks', operation: 'ListAssociatedAccessPolicies', target: principalArn };
  return awsCallError(inventory, call) ? awsMissingReason(inventory, call) : undefined;
}
