/**
 * EKS access entries (DescribeAccessEntry) with their associated access policies
 * (ListAssociatedAccessPolicies). Access policies are EKS-managed Kubernetes permission sets,
 * not IAM policies; AmazonEKSClusterAdminPolicy is cluster-admin and AmazonEKSAdminPolicy
 * is admin, either of them cluster-wide when the access scope is `cluster`.
 */
import type { AwsSnapshotData, Target } from '../../model/index.js';
import { awsCallError, awsMissingReason, type InventoryView } from '../../inventory/index.js';
import { eksClusterTarget, type MissingDataTarget } from './eks-cluster-data.js';

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
