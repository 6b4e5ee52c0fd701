/**
 * EC2 around the cluster: the node groups' launch template versions, the cluster's instances,
 * the security groups and subnets of the control plane and the nodes, VPC flow logs and the
 * account's EBS encryption default.
 */
import {
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeFlowLogs,
  paginateDescribeInstances,
  paginateDescribeLaunchTemplateVersions,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  type DescribeSecurityGroupsCommandOutput,
  type DescribeSubnetsCommandOutput,
  type SecurityGroup,
  type Subnet,
} from '@aws-sdk/client-ec2';
import type { AwsSnapshotData } from '../../model/index.js';
import type { AwsOperationId } from './operations.js';
import type { AwsSession } from './session.js';
import { toWire } from './wire.js';

type Ec2Data = NonNullable<AwsSnapshotData['ec2']>;
type EksData = NonNullable<AwsSnapshotData['eks']>;

/** EC2 rejects a whole request for one unknown id; those codes make us ask id by id. */
const UNKNOWN_ID = new Set(['InvalidGroup.NotFound', 'InvalidGroupId.Malformed', 'InvalidSubnetID.NotFound', 'InvalidSubnetID.Malformed']);

function unique(values: Iterable<string | undefined>): string[] {
  return [...new Set([...values].filter((value): value is string => typeof value === 'string' && value !== ''))].sort();
}

/**
 * Describes resources by id; when one id no longer exists, retries the ids one by one so a
 * single deleted group costs only its own entry (recorded with its id as target).
 */
async function describeByIds<T>(
  session: AwsSession,
  id: AwsOperationId,
  ids: string[],
  fetch: (ids: string[]) => AsyncIterable<{ items: T[] }>,
): Promise<T[] | undefined> {
  if (ids.length === 0) return [];
  const items: T[] = [];
  let failure: unknown;
  try {
    for await (const page of fetch(ids)) items.push(...page.items);
    session.done(id, undefined, true);
    return items;
  } catch (error) {
    failure = error;
  }
  const code = (failure as { Code?: string; name?: string }).Code ?? (failure as { name?: string }).name ?? '';
  if (!UNKNOWN_ID.has(code)) {
    session.record(id, undefined, failure);
    session.done(id, undefined, false);
    return undefined;
  }
  if (ids.length === 1) {
    // The one id asked for is gone: nothing to describe, and the error names it.
    session.record(id, ids[0], failure);
    session.done(id, ids[0], false);
    return [];
  }
  const one = await Promise.all(
    ids.map((single) =>
      session.list(id, single, fetch([single]), (page) => page.items),
    ),
  );
  return one.flatMap((found) => found ?? []);
}

async function* securityGroupPages(session: AwsSession, GroupIds: string[]): AsyncIterable<{ items: SecurityGroup[] }> {
  for await (const page of paginateDescribeSecurityGroups({ client: session.clients.ec2, stopOnSameToken: true }, { GroupIds }) as AsyncIterable<DescribeSecurityGroupsCommandOutput>) {
    yield { items: page.SecurityGroups ?? [] };
  }
}

async function* subnetPages(session: AwsSession, SubnetIds: string[]): AsyncIterable<{ items: Subnet[] }> {
  for await (const page of paginateDescribeSubnets({ client: session.clients.ec2, stopOnSameToken: true }, { SubnetIds }) as AsyncIterable<DescribeSubnetsCommandOutput>) {
    yield { items: page.Subnets ?? [] };
  }
}

/** The node side: needs the node groups and Fargate profiles already collected. */
export async function collectEc2Nodes(session: AwsSession, eks: EksData, ec2: Ec2Data): Promise<void> {
  const client = session.clients.ec2;
  const cluster = eks.cluster ?? {};
  const clusterName = cluster.name ?? '';

  const templates = new Map<string, Set<string>>();
  for (const group of eks.nodegroups ?? []) {
    const { id, version } = group.launchTemplate ?? {};
    if (!id) continue;
    const versions = templates.get(id) ?? new Set<string>();
    versions.add(version ?? '$Default');
    templates.set(id, versions);
  }

  const launchTemplates = async (): Promise<void> => {
    const found = await Promise.all(
      [...templates].sort(([a], [b]) => a.localeCompare(b)).map(([LaunchTemplateId, versions]) =>
        session.list(
          'ec2:DescribeLaunchTemplateVersions',
          LaunchTemplateId,
          paginateDescribeLaunchTemplateVersions({ client, stopOnSameToken: true }, { LaunchTemplateId, Versions: [...versions].sort() }),
          (page) => page.LaunchTemplateVersions,
        ),
      ),
    );
    if (found.some((versions) => versions !== undefined) || templates.size === 0) {
      ec2.launchTemplateVersions = found.flatMap((versions) => versions ?? []).map(toWire);
    }
  };

  // Managed node groups tag their instances eks:cluster-name; Karpenter and Auto Mode use
  // eks:eks-cluster-name, and self-managed groups only kubernetes.io/cluster/<name>. EC2 ANDs
  // filters, so each tag is its own query; the results are merged by instance id.
  const instances = async (): Promise<void> => {
    const running = { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] };
    const tagFilters = [
      { Name: 'tag:eks:cluster-name', Values: [clusterName] },
      { Name: 'tag:eks:eks-cluster-name', Values: [clusterName] },
      { Name: 'tag-key', Values: [`kubernetes.io/cluster/${clusterName}`] },
    ];
    const found = await Promise.all(
      tagFilters.map((filter) =>
        session.list(
          'ec2:DescribeInstances',
          clusterName,
          paginateDescribeInstances({ client, stopOnSameToken: true }, { Filters: [filter, running] }),
          (page) => (page.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []),
        ),
      ),
    );
    // One failed query leaves the node list unknown rather than short.
    if (found.some((list) => list === undefined)) return;
    const byId = new Map<string, (typeof found)[number] extends Array<infer I> | undefined ? I : never>();
    for (const list of found) for (const instance of list ?? []) if (instance.InstanceId && !byId.has(instance.InstanceId)) byId.set(instance.InstanceId, instance);
    ec2.instances = [...byId.values()].map(toWire);
  };

  await Promise.all([launchTemplates(), instances()]);

  const vpcConfig = cluster.resourcesVpcConfig ?? {};
  const groupIds = unique([
    vpcConfig.clusterSecurityGroupId,
    ...(vpcConfig.securityGroupIds ?? []),
    ...(eks.nodegroups ?? []).map((group) => group.resources?.remoteAccessSecurityGroup),
    ...(ec2.instances ?? []).flatMap((instance) => (instance.SecurityGroups ?? []).map((group) => group.GroupId)),
    ...(ec2.launchTemplateVersions ?? []).flatMap((version) => [
      ...(version.LaunchTemplateData?.SecurityGroupIds ?? []),
      ...(version.LaunchTemplateData?.NetworkInterfaces ?? []).flatMap((nic) => nic.Groups ?? []),
    ]),
  ]);
  const subnetIds = unique([
    ...(vpcConfig.subnetIds ?? []),
    ...(eks.nodegroups ?? []).flatMap((group) => group.subnets ?? []),
    ...(eks.fargateProfiles ?? []).flatMap((profile) => profile.subnets ?? []),
    ...(ec2.instances ?? []).map((instance) => instance.SubnetId),
  ]);

  const [groups, subnets] = await Promise.all([
    describeByIds(session, 'ec2:DescribeSecurityGroups', groupIds, (ids) => securityGroupPages(session, ids)),
    describeByIds(session, 'ec2:DescribeSubnets', subnetIds, (ids) => subnetPages(session, ids)),
  ]);
  if (groups) ec2.securityGroups = groups.map(toWire);
  if (subnets) ec2.subnets = subnets.map(toWire);
}

/** The account and VPC side: independent of node groups. */
export async function collectEc2Account(session: AwsSession, vpcId: string | undefined, ec2: Ec2Data): Promise<void> {
  const client = session.clients.ec2;
  const flowLogs = async (): Promise<void> => {
    if (!vpcId) return;
    const found = await session.list(
      'ec2:DescribeFlowLogs',
      vpcId,
      paginateDescribeFlowLogs({ client, stopOnSameToken: true }, { Filter: [{ Name: 'resource-id', Values: [vpcId] }] }),
      (page) => page.FlowLogs,
    );
    if (found) ec2.flowLogs = found.map(toWire);
  };
  const ebsDefault = async (): Promise<void> => {
    const result = await session.call('ec2:GetEbsEncryptionByDefault', undefined, () => client.send(new GetEbsEncryptionByDefaultCommand({})));
    if (result?.EbsEncryptionByDefault !== undefined) ec2.ebsEncryptionByDefault = result.EbsEncryptionByDefault;
  };
  await Promise.all([flowLogs(), ebsDefault()]);
}
