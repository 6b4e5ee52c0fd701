/**
 * Typed access to the AWS data the node and network checks read (SNAPSHOT.md), and the reasons
 * they give when that data is absent. The snapshot keeps the SDK's wire shapes, so the types
 * are the SDK models' own.
 */
import type { AwsSnapshotData, ResourceRef } from '../../model/index.js';
import { awsCallError, awsMissingReason, type AwsCall, type InventoryView } from '../../inventory/index.js';

type Eks = NonNullable<AwsSnapshotData['eks']>;
type Ec2 = NonNullable<AwsSnapshotData['ec2']>;
type Item<T> = T extends ReadonlyArray<infer I> ? I : never;

export type EksCluster = NonNullable<Eks['cluster']>;
export type Nodegroup = Item<NonNullable<Eks['nodegroups']>>;
export type FargateProfile = Item<NonNullable<Eks['fargateProfiles']>>;
export type LaunchTemplateVersion = Item<NonNullable<Ec2['launchTemplateVersions']>>;
export type Ec2Instance = Item<NonNullable<Ec2['instances']>>;
export type SecurityGroup = Item<NonNullable<Ec2['securityGroups']>>;
export type IpPermission = Item<NonNullable<SecurityGroup['IpPermissions']>>;
export type Subnet = Item<NonNullable<Ec2['subnets']>>;
export type FlowLog = Item<NonNullable<Ec2['flowLogs']>>;

export const CALLS = {
  describeCluster: { service: 'eks', operation: 'DescribeCluster' },
  listNodegroups: { service: 'eks', operation: 'ListNodegroups' },
  describeNodegroup: { service: 'eks', operation: 'DescribeNodegroup' },
  listFargateProfiles: { service: 'eks', operation: 'ListFargateProfiles' },
  describeFargateProfile: { service: 'eks', operation: 'DescribeFargateProfile' },
  describeLaunchTemplateVersions: { service: 'ec2', operation: 'DescribeLaunchTemplateVersions' },
  describeInstances: { service: 'ec2', operation: 'DescribeInstances' },
  describeSecurityGroups: { service: 'ec2', operation: 'DescribeSecurityGroups' },
  describeSubnets: { service: 'ec2', operation: 'DescribeSubnets' },
  describeFlowLogs: { service: 'ec2', operation: 'DescribeFlowLogs' },
  getEbsEncryptionByDefault: { service: 'ec2', operation: 'GetEbsEncryptionByDefault' },
  getRole: { service: 'iam', operation: 'GetRole' },
  listAttachedRolePolicies: { service: 'iam', operation: 'ListAttachedRolePolicies' },
  getPolicyVersion: { service: 'iam', operation: 'GetPolicyVersion' },
  describeLoadBalancers: { service: 'elasticloadbalancing', operation: 'DescribeLoadBalancers' },
  describeListeners: { service: 'elasticloadbalancing', operation: 'DescribeListeners' },
} as const satisfies Record<string, AwsCall>;

/**
 * Why data from a chain of calls is missing (list, then describe): the first call that failed
 * during collection, else the last call of the chain, which is the one that yields the data.
 */
export function missingReason(inventory: InventoryView, calls: readonly AwsCall[], target?: string): string {
  const withTarget = calls.map((call) => (target === undefined ? call : { ...call, target }));
  const failed = withTarget.find((call) => awsCallError(inventory, call) !== undefined);
  const call = failed ?? withTarget[withTarget.length - 1];
  if (!call) throw new Error('missingReason needs at least one call');
  return awsMissingReason(inventory, call);
}

export function eksCluster(inventory: InventoryView): EksCluster | undefined {
  return inventory.aws?.eks?.cluster;
}

export function clusterMissing(inventory: InventoryView): string | undefined {
  return eksCluster(inventory) ? undefined : missingReason(inventory, [CALLS.describeCluster]);
}

export function clusterName(inventory: InventoryView): string {
  return eksCluster(inventory)?.name ?? inventory.source.cluster ?? 'cluster';
}

export function nodegroups(inventory: InventoryView): Nodegroup[] | undefined {
  return inventory.aws?.eks?.nodegroups;
}

export function nodegroupsMissing(inventory: InventoryView): string | undefined {
  return nodegroups(inventory) ? undefined : missingReason(inventory, [CALLS.listNodegroups, CALLS.describeNodegroup]);
}

export function nodegroupName(group: Nodegroup): string {
  return group.nodegroupName ?? group.nodegroupArn ?? 'unnamed node group';
}

/** Node groups are named by ARN, as the API gives one. */
export function nodegroupRef(group: Nodegroup): ResourceRef {
  return { kind: 'Nodegroup', name: group.nodegroupArn ?? nodegroupName(group) };
}

export function instances(inventory: InventoryView): Ec2Instance[] | undefined {
  return inventory.aws?.ec2?.instances;
}

export function instancesMissing(inventory: InventoryView): string | undefined {
  return instances(inventory) ? undefined : missingReason(inventory, [CALLS.describeInstances]);
}

export function securityGroupById(inventory: InventoryView): Map<string, SecurityGroup> {
  return inventory.cached('nodes:security-groups-by-id', () => {
    const byId = new Map<string, SecurityGroup>();
    for (const group of inventory.aws?.ec2?.securityGroups ?? []) if (group.GroupId) byId.set(group.GroupId, group);
    return byId;
  });
}

export function securityGroupRef(group: SecurityGroup): ResourceRef {
  return { kind: 'SecurityGroup', name: group.SecurityGroupArn ?? group.GroupId ?? 'unknown' };
}

export function subnetById(inventory: InventoryView): Map<string, Subnet> | undefined {
  const subnets = inventory.aws?.ec2?.subnets;
  if (!subnets) return undefined;
  return inventory.cached('nodes:subnets-by-id', () => new Map(subnets.flatMap((subnet) => (subnet.SubnetId ? [[subnet.SubnetId, subnet]] : []))));
}

export function tagValue(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}

/** `a, b, c and 4 more`: enough names to act on without flooding a message. */
export function listSome(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
