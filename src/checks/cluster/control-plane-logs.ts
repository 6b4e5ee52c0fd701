/**
 * EKS control-plane logging: which log types are on (`cluster.logging.clusterLogging[]`) and
 * the CloudWatch log group EKS writes them to (`/aws/eks/<cluster>/cluster`).
 */
import type { AwsSnapshotData, EvidencePath } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { clusterName, type EksCluster } from './eks-data.js';

export type LogGroup = NonNullable<NonNullable<AwsSnapshotData['logs']>['logGroups']>[number];
export type MetricFilter = NonNullable<NonNullable<AwsSnapshotData['logs']>['metricFilters']>[number];

/** Every control-plane log type EKS can ship, in the order the console lists them. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

export function enabledLogTypes(cluster: EksCluster): Set<string> {
  const enabled = new Set<string>();
  for (const setup of cluster.logging?.clusterLogging ?? []) {
    if (setup.enabled !== true) continue;
    for (const type of setup.types ?? []) enabled.add(type);
  }
  return enabled;
}

/**
 * Where a missing log type is decided: the disabled `clusterLogging` entry that lists it (EKS
 * returns one enabled and one disabled entry), else the list itself, else `logging`.
 */
export function logTypePath(cluster: EksCluster, type: string): EvidencePath {
  const setups = cluster.logging?.clusterLogging;
  if (!setups) return cluster.logging ? ['logging', 'clusterLogging'] : ['logging'];
  const index = setups.findIndex((setup) => setup.enabled !== true && (setup.types ?? []).some((listed) => listed === type));
  return index >= 0 ? ['logging', 'clusterLogging', index, 'enabled'] : ['logging', 'clusterLogging'];
}

export function controlPlaneLogGroupName(inventory: InventoryView): string | undefined {
  const name = clusterName(inventory);
  return name === undefined ? undefined : `/aws/eks/${name}/cluster`;
}

/** The cluster's control-plane log group among the collected ones. */
export function controlPlaneLogGroup(inventory: InventoryView): LogGroup | undefined {
  const name = controlPlaneLogGroupName(inventory);
  return inventory.aws?.logs?.logGroups?.find((group) => group.logGroupName === name);
}

/** The log group ARN without the trailing `:*` the `arn` field carries. */
export function logGroupResourceName(group: LogGroup): string {
  return group.logGroupArn ?? group.arn?.replace(/:\*$/, '') ?? group.logGroupName ?? 'log group';
}

/** The enable-logging command for a set of log types. */
export function enableLoggingCommand(name: string, types: readonly string[]): string {
  const logging = JSON.stringify({ clusterLogging: [{ types, enabled: true }] });
  return `aws eks update-cluster-config --name ${name} --logging '${logging}'`;
}
