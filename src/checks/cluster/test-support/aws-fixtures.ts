/**
 * API-faithful AWS data for the cluster and monitoring check tests: one production-like cluster
 * `prod` in account 111122223333, eu-west-1, as DescribeCluster and friends return it through
 * the AWS SDK v3 (timestamps as ISO strings, as the snapshot stores them).
 */
import type { AwsData, CollectionError, Inventory } from '../../../model/index.js';
import type { EksAddon, EksAddonVersion, EksCluster, EksClusterVersion, EksInsight } from '../eks-data.js';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const CLUSTER_NAME = 'prod';
export const CLUSTER_ARN = `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER_NAME}`;
export const SECRETS_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const OIDC_ID = '0F6A1B2C3D4E5F60718293A4B5C6D7E8';
export const OIDC_ISSUER = `https://oidc.eks.${REGION}.amazonaws.com/id/${OIDC_ID}`;
export const OIDC_PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.${REGION}.amazonaws.com/id/${OIDC_ID}`;
export const LOG_GROUP_NAME = `/aws/eks/${CLUSTER_NAME}/cluster`;
export const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP_NAME}`;
export const DETECTOR_ID = '12abc34d567e8fa901bc2d34e56789f0';
export const DETECTOR_ARN = `arn:aws:guardduty:${REGION}:${ACCOUNT}:detector/${DETECTOR_ID}`;
export const COLLECTED_AT = '2026-11-27T10:00:00Z';

/** The `source` of a live-cluster scan. */
export const CLUSTER_SOURCE: Partial<Inventory['source']> = {
  type: 'cluster',
  cluster: CLUSTER_NAME,
  accountId: ACCOUNT,
  region: REGION,
  collectedAt: COLLECTED_AT,
};

type DeepPartial<T> = T extends Array<infer Item>
  ? Array<DeepPartial<Item>>
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
    : T;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deep merge for fixtures: objects merge, arrays and scalars replace, `undefined` deletes. */
export function merge<T>(base: T, patch: DeepPartial<T> | undefined): T {
  if (patch === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete out[key];
    else out[key] = key in out ? merge(out[key], value as never) : value;
  }
  return out as T;
}

/** DescribeCluster.cluster of a well-configured cluster; tests patch what they exercise. */
export function describeCluster(patch?: DeepPartial<EksCluster>): EksCluster {
  const base: EksCluster = {
    name: CLUSTER_NAME,
    arn: CLUSTER_ARN,
    createdAt: '2024-03-12T09:21:44.512Z',
    version: '1.35',
    endpoint: `https://${OIDC_ID}.gr7.${REGION}.eks.amazonaws.com`,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/prod-eks-cluster-role`,
    resourcesVpcConfig: {
      subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b2c3d4e5f6071829', 'subnet-0c3d4e5f607182930'],
      securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
      clusterSecurityGroupId: 'sg-0123456789abcdef0',
      vpcId: 'vpc-0abc1234def567890',
      endpointPublicAccess: false,
      endpointPrivateAccess: true,
      // DescribeCluster keeps returning the default CIDR list after the public endpoint is off.
      publicAccessCidrs: ['0.0.0.0/0'],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16', ipFamily: 'ipv4', elasticLoadBalancing: { enabled: false } },
    logging: {
      clusterLogging: [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: true }],
    },
    identity: { oidc: { issuer: OIDC_ISSUER } },
    status: 'ACTIVE',
    certificateAuthority: { data: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURCVENDQWUyZ0F3SUJBZ0lJ' },
    platformVersion: 'eks.11',
    tags: { team: 'platform', environment: 'production' },
    encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: SECRETS_KEY_ARN } }],
    health: { issues: [] },
    accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
    upgradePolicy: { supportType: 'STANDARD' },
    zonalShiftConfig: { enabled: false },
    deletionProtection: true,
  };
  return merge(base, patch);
}

/** DescribeClusterVersions.clusterVersions[] as of the fixture's collection time (late 2026). */
export function clusterVersions(): EksClusterVersion[] {
  const version = (
    clusterVersion: string,
    releaseDate: string,
    endOfStandardSupportDate: string,
    endOfExtendedSupportDate: string,
    versionStatus: 'STANDARD_SUPPORT' | 'EXTENDED_SUPPORT' | 'UNSUPPORTED',
  ): EksClusterVersion => ({
    clusterVersion,
    clusterType: 'eks',
    defaultPlatformVersion: 'eks.11',
    defaultVersion: clusterVersion === '1.34',
    releaseDate,
    endOfStandardSupportDate,
    endOfExtendedSupportDate,
    status: versionStatus === 'STANDARD_SUPPORT' ? 'standard-support' : versionStatus === 'EXTENDED_SUPPORT' ? 'extended-support' : 'unsupported',
    versionStatus,
  });
  return [
    version('1.35', '2026-01-27T00:00:00Z', '2027-03-27T00:00:00Z', '2028-03-27T00:00:00Z', 'STANDARD_SUPPORT'),
    version('1.34', '2025-10-02T00:00:00Z', '2026-12-02T00:00:00Z', '2027-12-02T00:00:00Z', 'STANDARD_SUPPORT'),
    version('1.33', '2025-05-29T00:00:00Z', '2026-07-29T00:00:00Z', '2027-07-29T00:00:00Z', 'EXTENDED_SUPPORT'),
    version('1.32', '2025-01-23T00:00:00Z', '2026-03-23T00:00:00Z', '2027-03-23T00:00:00Z', 'EXTENDED_SUPPORT'),
    version('1.31', '2024-09-26T00:00:00Z', '2025-11-26T00:00:00Z', '2026-11-26T00:00:00Z', 'UNSUPPORTED'),
  ];
}

/** DescribeAddon.addon. */
export function addon(name: string, version: string, patch?: DeepPartial<EksAddon>): EksAddon {
  const base: EksAddon = {
    addonName: name,
    clusterName: CLUSTER_NAME,
    status: 'ACTIVE',
    addonVersion: version,
    health: { issues: [] },
    addonArn: `arn:aws:eks:${REGION}:${ACCOUNT}:addon/${CLUSTER_NAME}/${name}/a6c7e3b2-4f1d-9e8a-7b6c-5d4e3f2a1b0c`,
    createdAt: '2024-03-12T09:35:02.118Z',
    modifiedAt: '2026-09-04T14:02:51.730Z',
    tags: {},
  };
  return merge(base, patch);
}

/** DescribeAddonVersions.addons[].addonVersions[] entry. */
export function addonVersion(version: string, clusterVersions: Record<string, boolean>): EksAddonVersion {
  return {
    addonVersion: version,
    architecture: ['amd64', 'arm64'],
    computeTypes: ['ec2', 'auto', 'hybrid'],
    compatibilities: Object.entries(clusterVersions).map(([clusterVersion, defaultVersion]) => ({
      clusterVersion,
      platformVersions: ['*'],
      defaultVersion,
    })),
    requiresConfiguration: false,
    requiresIamPermissions: false,
  };
}

/** DescribeInsight.insight. */
export function insight(patch: DeepPartial<EksInsight>): EksInsight {
  const base: EksInsight = {
    id: 'b8a1d4c2-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    name: 'Deprecated APIs removed in Kubernetes v1.33',
    category: 'UPGRADE_READINESS',
    kubernetesVersion: '1.33',
    lastRefreshTime: '2026-11-27T08:12:40Z',
    lastTransitionTime: '2026-10-02T17:40:11Z',
    description: 'Checks for usage of deprecated APIs that are scheduled for removal in Kubernetes v1.33.',
    insightStatus: { status: 'PASSING', reason: 'No deprecated API usage detected within the last 30 days.' },
    recommendation: 'Update manifests and API clients to use newer Kubernetes APIs if applicable before upgrading to Kubernetes v1.33.',
    additionalInfo: {},
    resources: [],
    categorySpecificSummary: { deprecationDetails: [] },
  };
  return merge(base, patch);
}

/** A call denied during collection, as the collector records it. */
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

/** AWS data holding just a cluster (and whatever else a test adds). */
export function awsWith(parts: { cluster?: EksCluster } & Omit<AwsData, 'eks'> & { eks?: NonNullable<AwsData['eks']> } = {}): AwsData {
  const { cluster, eks, ...rest } = parts;
  const data: AwsData = { ...rest, eks: { ...(eks ?? {}) } };
  if (cluster) (data.eks as NonNullable<AwsData['eks']>).cluster = cluster;
  return data;
}

type Detector = NonNullable<NonNullable<AwsData['guardduty']>['detectors']>[number];
type DetectorFeature = NonNullable<Detector['Features']>[number];

/** A GetDetector feature entry. */
export function feature(name: string, status: 'ENABLED' | 'DISABLED', additional: Record<string, 'ENABLED' | 'DISABLED'> = {}): DetectorFeature {
  const entry = { Name: name, Status: status, UpdatedAt: '2026-06-18T07:42:10.000Z' } as DetectorFeature;
  const configs = Object.entries(additional);
  if (configs.length > 0) {
    entry.AdditionalConfiguration = configs.map(([Name, Status]) => ({ Name, Status, UpdatedAt: '2026-06-18T07:42:10.000Z' }) as never);
  }
  return entry;
}

/**
 * GetDetector for the region's detector with EKS audit logs and Runtime Monitoring (agent
 * managed for EKS) on; `features` replaces entries by name.
 */
export function detector(features: DetectorFeature[] = [], patch: Partial<Detector> = {}): Detector {
  const byName = new Map<string, DetectorFeature>([
    ['CLOUD_TRAIL', feature('CLOUD_TRAIL', 'ENABLED')],
    ['DNS_LOGS', feature('DNS_LOGS', 'ENABLED')],
    ['FLOW_LOGS', feature('FLOW_LOGS', 'ENABLED')],
    ['S3_DATA_EVENTS', feature('S3_DATA_EVENTS', 'ENABLED')],
    ['EKS_AUDIT_LOGS', feature('EKS_AUDIT_LOGS', 'ENABLED')],
    ['EBS_MALWARE_PROTECTION', feature('EBS_MALWARE_PROTECTION', 'DISABLED')],
    ['RDS_LOGIN_EVENTS', feature('RDS_LOGIN_EVENTS', 'DISABLED')],
    ['EKS_RUNTIME_MONITORING', feature('EKS_RUNTIME_MONITORING', 'DISABLED', { EKS_ADDON_MANAGEMENT: 'DISABLED' })],
    ['LAMBDA_NETWORK_LOGS', feature('LAMBDA_NETWORK_LOGS', 'DISABLED')],
    [
      'RUNTIME_MONITORING',
      feature('RUNTIME_MONITORING', 'ENABLED', { EKS_ADDON_MANAGEMENT: 'ENABLED', ECS_FARGATE_AGENT_MANAGEMENT: 'DISABLED', EC2_AGENT_MANAGEMENT: 'DISABLED' }),
    ],
  ]);
  for (const entry of features) byName.set(entry.Name ?? '', entry);
  const base = {
    DetectorId: DETECTOR_ID,
    CreatedAt: '2023-02-08T16:25:31.118Z',
    FindingPublishingFrequency: 'SIX_HOURS',
    ServiceRole: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
    Status: 'ENABLED',
    UpdatedAt: '2026-06-18T07:42:10.000Z',
    DataSources: {
      CloudTrail: { Status: 'ENABLED' },
      DNSLogs: { Status: 'ENABLED' },
      FlowLogs: { Status: 'ENABLED' },
      S3Logs: { Status: 'ENABLED' },
      Kubernetes: { AuditLogs: { Status: 'ENABLED' } },
    },
    Features: [...byName.values()],
    Tags: {},
  } as unknown as Detector;
  return { ...base, ...patch };
}
