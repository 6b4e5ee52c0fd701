/**
 * Typed access to the EKS part of a snapshot (DescribeCluster and friends), and the targets and
 * not-evaluated reasons the cluster checks share.
 */
import type { AwsSnapshotData, Target } from '../../model/index.js';
import { awsCallError, awsMissingReason, type AwsCall, type InventoryView } from '../../inventory/index.js';
import { parseArn } from '../../analysis/identity/iam-arn.js';

type EksData = NonNullable<AwsSnapshotData['eks']>;
export type EksCluster = NonNullable<EksData['cluster']>;
export type EksAddon = NonNullable<EksData['addons']>[number];
export type EksAddonVersion = NonNullable<EksData['addonVersions']>[string][number];
export type EksClusterVersion = NonNullable<EksData['clusterVersions']>[number];
export type EksInsight = NonNullable<EksData['insights']>[number];

export interface ClusterTarget extends Target {
  cluster: EksCluster;
}

/** The cluster's name: from DescribeCluster, else the one the scan was pointed at. */
export function clusterName(inventory: InventoryView): string | undefined {
  return inventory.aws?.eks?.cluster?.name ?? inventory.source.cluster;
}

export function eksCall(inventory: InventoryView, operation: string, target?: string): AwsCall {
  const name = target ?? clusterName(inventory);
  return name === undefined ? { service: 'eks', operation } : { service: 'eks', operation, target: name };
}

/**
 * Why data from one of several calls is missing: the first call whose failure was recorded, or
 * else the first call (the one that would have produced the data).
 */
export function missingReason(inventory: InventoryView, calls: readonly AwsCall[]): string {
  const failed = calls.find((call) => awsCallError(inventory, call) !== undefined);
  return awsMissingReason(inventory, failed ?? (calls[0] as AwsCall));
}

/** For `requires`: why DescribeCluster data is absent, if it is. */
export function clusterMissing(inventory: InventoryView): string | undefined {
  if (inventory.aws?.eks?.cluster) return undefined;
  return awsMissingReason(inventory, eksCall(inventory, 'DescribeCluster'));
}

export function accountIdOf(inventory: InventoryView): string | undefined {
  return parseArn(inventory.aws?.eks?.cluster?.arn)?.account || inventory.source.accountId;
}

export function regionOf(inventory: InventoryView): string | undefined {
  return parseArn(inventory.aws?.eks?.cluster?.arn)?.region || inventory.source.region;
}

/** The ARN the API gave, else the name: what findings about the cluster are filed under. */
export function clusterResourceName(cluster: EksCluster, inventory: InventoryView): string {
  return cluster.arn ?? cluster.name ?? inventory.source.cluster ?? 'cluster';
}

/** The one EKS cluster of the scan as a target, when DescribeCluster was collected. */
export function eksClusterTargets(inventory: InventoryView): ClusterTarget[] {
  const cluster = inventory.aws?.eks?.cluster;
  if (!cluster) return [];
  return [{ resource: { kind: 'EKSCluster', name: clusterResourceName(cluster, inventory) }, cluster }];
}

/** The `--name` argument for AWS CLI commands in remediation text. */
export function cliName(cluster: EksCluster, inventory: InventoryView): string {
  return cluster.name ?? inventory.source.cluster ?? '<cluster>';
}

/** Why Kubernetes objects of a kind are not there to read, or undefined when they could be. */
export function kubeMissing(inventory: InventoryView, resource: string): string | undefined {
  const error = inventory.errors.find(
    (entry) => entry.source === 'kubernetes' && typeof entry.resource === 'string' && (entry.resource === resource || entry.resource.endsWith(`/${resource}`)),
  );
  if (error) {
    const code = error.code !== undefined ? `${String(error.code)}: ` : '';
    return `listing ${error.resource ?? resource} failed during collection (${code}${error.message}); grant list on ${resource} and collect again`;
  }
  return undefined;
}
