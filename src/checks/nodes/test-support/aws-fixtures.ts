/**
 * Builders of AWS data for node and network check tests, in the wire shapes of the AWS API
 * reference (DescribeCluster, DescribeNodegroup, DescribeLaunchTemplateVersions,
 * DescribeInstances, DescribeSecurityGroups, DescribeSubnets, GetRole…). One account, one
 * cluster `prod` in eu-west-1; tests override what they are about.
 */
import type { AwsData, CollectionError, IamRoleRecord, Inventory, PolicyDocument } from '../../../model/index.js';
import type {
  Ec2Instance,
  EksCluster,
  FlowLog,
  IpPermission,
  LaunchTemplateVersion,
  Nodegroup,
  SecurityGroup,
  Subnet,
} from '../../../analysis/nodes/aws-resources.js';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const VPC = 'vpc-0a1b2c3d4e5f67890';
export const CLUSTER_SG = 'sg-0c1a55e0000000001';
export const PRIVATE_SUBNETS = ['subnet-0priv000000000001', 'subnet-0priv000000000002'];
export const PUBLIC_SUBNETS = ['subnet-0publ000000000001', 'subnet-0publ000000000002'];
export const NODE_ROLE = `arn:aws:iam::${ACCOUNT}:role/prod-eks-node`;

export const CLUSTER_SOURCE: Partial<Inventory['source']> = {
  type: 'cluster',
  cluster: 'prod',
  accountId: ACCOUNT,
  region: REGION,
  collectedAt: '2026-11-27T10:00:00Z',
};

export function denied(service: string, operation: string, target?: string): CollectionError {
  const error: CollectionError = {
    source: 'aws',
    service,
    operation,
    code: 'AccessDenied',
    message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/eksguard-reader/ci is not authorized to perform: ${service}:${operation}`,
  };
  if (target !== undefined) error.target = target;
  return error;
}

export function cluster(overrides: Partial<EksCluster> = {}): EksCluster {
  return {
    name: 'prod',
    arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/prod`,
    version: '1.31',
    status: 'ACTIVE',
    platformVersion: 'eks.14',
    endpoint: 'https://4F3A1B2C9D8E7F6A5B4C3D2E1F0A9B8C.gr7.eu-west-1.eks.amazonaws.com',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/prod-eks-cluster`,
    resourcesVpcConfig: {
      subnetIds: [...PRIVATE_SUBNETS],
      securityGroupIds: ['sg-0ctrl00000000000001'],
      clusterSecurityGroupId: CLUSTER_SG,
      vpcId: VPC,
      endpointPublicAccess: false,
      endpointPrivateAccess: true,
      publicAccessCidrs: [],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16', ipFamily: 'ipv4' },
    ...overrides,
  };
}

export function nodegroupArn(name: string): string {
  return `arn:aws:eks:${REGION}:${ACCOUNT}:nodegroup/prod/${name}/7ac9b1e2-5f3d-4c1a-9e8b-2d4f6a8c0e1b`;
}

export function nodegroup(name: string, overrides: Partial<Nodegroup> = {}): Nodegroup {
  return {
    nodegroupName: name,
    nodegroupArn: nodegroupArn(name),
    clusterName: 'prod',
    version: '1.31',
    releaseVersion: '1.31.2-20261110',
    status: 'ACTIVE',
    capacityType: 'ON_DEMAND',
    scalingConfig: { minSize: 2, maxSize: 6, desiredSize: 3 },
    instanceTypes: ['m6i.large'],
    subnets: [...PRIVATE_SUBNETS],
    amiType: 'AL2023_x86_64_STANDARD',
    nodeRole: NODE_ROLE,
    labels: {},
    resources: { autoScalingGroups: [{ name: `eks-${name}-7ac9b1e2-5f3d-4c1a-9e8b-2d4f6a8c0e1b` }] },
    diskSize: 20,
    health: { issues: [] },
    updateConfig: { maxUnavailable: 1 },
    tags: {},
    ...overrides,
  };
}

/** A node group launched from launch template `id` version `version` (no diskSize then, as EKS returns it). */
export function withLaunchTemplate(group: Nodegroup, id: string, version: number, name = 'ng-lt'): Nodegroup {
  const { diskSize: _diskSize, ...rest } = group;
  return { ...rest, launchTemplate: { id, name, version: String(version) } };
}

export function launchTemplateVersion(
  id: string,
  version: number,
  data: NonNullable<LaunchTemplateVersion['LaunchTemplateData']>,
  name = 'ng-lt',
): LaunchTemplateVersion {
  return {
    LaunchTemplateId: id,
    LaunchTemplateName: name,
    VersionNumber: version,
    DefaultVersion: version === 1,
    CreateTime: '2026-10-01T08:00:00.000Z',
    CreatedBy: `arn:aws:sts::${ACCOUNT}:assumed-role/platform-ci/terraform`,
    LaunchTemplateData: data,
  };
}

export function instance(id: string, nodegroupName: string | undefined, overrides: Partial<Ec2Instance> = {}): Ec2Instance {
  const tags = [
    { Key: 'eks:cluster-name', Value: 'prod' },
    { Key: `kubernetes.io/cluster/prod`, Value: 'owned' },
    ...(nodegroupName
      ? [
          { Key: 'eks:nodegroup-name', Value: nodegroupName },
          { Key: 'aws:autoscaling:groupName', Value: `eks-${nodegroupName}-7ac9b1e2-5f3d-4c1a-9e8b-2d4f6a8c0e1b` },
        ]
      : []),
  ];
  return {
    InstanceId: id,
    ImageId: 'ami-0e1f2a3b4c5d6e7f8',
    InstanceType: 'm6i.large',
    State: { Code: 16, Name: 'running' },
    PrivateIpAddress: '10.0.12.34',
    PrivateDnsName: 'ip-10-0-12-34.eu-west-1.compute.internal',
    SubnetId: PRIVATE_SUBNETS[0],
    VpcId: VPC,
    SecurityGroups: [{ GroupId: CLUSTER_SG, GroupName: 'eks-cluster-sg-prod-1234567890' }],
    MetadataOptions: { State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled', HttpProtocolIpv6: 'disabled', InstanceMetadataTags: 'disabled' },
    IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/eks-7ac9b1e2`, Id: 'AIPAQ3EGRVXK2EXAMPLE1' },
    Tags: tags,
    ...overrides,
  };
}

export function permission(
  protocol: string,
  fromPort: number | undefined,
  toPort: number | undefined,
  cidrs: { v4?: string[]; v6?: string[]; groups?: string[] },
): IpPermission {
  const rule: IpPermission = {
    IpProtocol: protocol,
    IpRanges: (cidrs.v4 ?? []).map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: (cidrs.v6 ?? []).map((CidrIpv6) => ({ CidrIpv6 })),
    PrefixListIds: [],
    UserIdGroupPairs: (cidrs.groups ?? []).map((GroupId) => ({ GroupId, UserId: ACCOUNT })),
  };
  if (fromPort !== undefined) rule.FromPort = fromPort;
  if (toPort !== undefined) rule.ToPort = toPort;
  return rule;
}

export function securityGroup(id: string, permissions: IpPermission[], name = id): SecurityGroup {
  return {
    GroupId: id,
    GroupName: name,
    Description: `${name} security group`,
    VpcId: VPC,
    OwnerId: ACCOUNT,
    SecurityGroupArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${id}`,
    IpPermissions: permissions,
    IpPermissionsEgress: [permission('-1', undefined, undefined, { v4: ['0.0.0.0/0'] })],
    Tags: [],
  };
}

/** The cluster security group as EKS creates it: all traffic from itself. */
export function clusterSecurityGroup(extra: IpPermission[] = []): SecurityGroup {
  return securityGroup(CLUSTER_SG, [permission('-1', undefined, undefined, { groups: [CLUSTER_SG] }), ...extra], 'eks-cluster-sg-prod-1234567890');
}

export function subnet(id: string, mapPublicIpOnLaunch: boolean): Subnet {
  return {
    SubnetId: id,
    VpcId: VPC,
    AvailabilityZone: 'eu-west-1a',
    CidrBlock: mapPublicIpOnLaunch ? '10.0.0.0/20' : '10.0.64.0/19',
    MapPublicIpOnLaunch: mapPublicIpOnLaunch,
    State: 'available',
    SubnetArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${id}`,
  };
}

export function allSubnets(): Subnet[] {
  return [...PRIVATE_SUBNETS.map((id) => subnet(id, false)), ...PUBLIC_SUBNETS.map((id) => subnet(id, true))];
}

export function flowLog(resourceId: string, overrides: Partial<FlowLog> = {}): FlowLog {
  return {
    FlowLogId: 'fl-0a1b2c3d4e5f60001',
    ResourceId: resourceId,
    FlowLogStatus: 'ACTIVE',
    DeliverLogsStatus: 'SUCCESS',
    TrafficType: 'ALL',
    LogDestinationType: 'cloud-watch-logs',
    LogGroupName: '/vpc/prod/flow-logs',
    CreationTime: '2026-01-15T09:00:00.000Z',
    ...overrides,
  };
}

export function managedPolicyArn(name: string): string {
  return `arn:aws:iam::aws:policy/${name}`;
}

/** The three policies EKS documents for a node role. */
export const STANDARD_NODE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEKS_CNI_Policy'];

export function role(
  arn: string,
  attached: Array<string | { PolicyArn: string; PolicyName?: string; Document?: PolicyDocument }>,
  inline: Array<{ PolicyName: string; Document: PolicyDocument }> = [],
): IamRoleRecord {
  const name = arn.split('/').pop() ?? arn;
  return {
    Role: {
      RoleName: name,
      RoleId: 'AROAQ3EGRVXK2EXAMPLE1',
      Arn: arn,
      Path: '/',
      CreateDate: '2026-01-15T09:00:00.000Z',
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
    },
    AttachedPolicies: attached.map((entry) =>
      typeof entry === 'string'
        ? { PolicyArn: managedPolicyArn(entry), PolicyName: entry }
        : { PolicyName: entry.PolicyArn.split('/').pop() ?? entry.PolicyArn, ...entry },
    ),
    InlinePolicies: inline,
  };
}

export function awsData(parts: AwsData): AwsData {
  return parts;
}
