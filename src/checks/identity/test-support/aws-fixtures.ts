/**
 * Fixture builders for the AWS-side identity and ECR checks: one account (111122223333), one
 * cluster `prod` in eu-west-1, data shaped as the AWS APIs return it (DescribeCluster,
 * GetRole with the trust policy parsed, DescribeAccessEntry, DescribePodIdentityAssociation).
 */
import type { AwsData, CollectionError, IamRoleRecord, Inventory, PolicyDocument, PolicyStatement } from '../../../model/index.js';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'eu-west-1';
export const CLUSTER_NAME = 'prod';
export const CLUSTER_ARN = `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER_NAME}`;
export const OIDC_ID = '5C6DE2E1F8A64A3B9C1D0E2F3A4B5C6D';
export const ISSUER_PATH = `oidc.eks.${REGION}.amazonaws.com/id/${OIDC_ID}`;
export const ISSUER = `https://${ISSUER_PATH}`;
export const OIDC_PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_PATH}`;
export const OTHER_ISSUER_PATH = `oidc.eks.${REGION}.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9`;

export const CLUSTER_SOURCE: Partial<Inventory['source']> = {
  type: 'cluster',
  cluster: CLUSTER_NAME,
  accountId: ACCOUNT,
  region: REGION,
  collectedAt: '2026-11-27T10:00:00Z',
};

export const ADMIN_POLICY_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const CLUSTER_ADMIN_ACCESS_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';
export const ADMIN_ACCESS_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy';
export const VIEW_ACCESS_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';
export const EDIT_ACCESS_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy';

type Cluster = NonNullable<NonNullable<AwsData['eks']>['cluster']>;
type AccessEntryRecord = NonNullable<NonNullable<AwsData['eks']>['accessEntries']>[number];
type Association = NonNullable<NonNullable<AwsData['eks']>['podIdentityAssociations']>[number];

export function cluster(overrides: Partial<Cluster> = {}): Cluster {
  return {
    name: CLUSTER_NAME,
    arn: CLUSTER_ARN,
    createdAt: '2025-03-14T09:12:44.512Z',
    version: '1.31',
    endpoint: 'https://9A8B7C6D5E4F30211A2B3C4D5E6F7081.gr7.eu-west-1.eks.amazonaws.com',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/prod-eks-cluster-role`,
    resourcesVpcConfig: {
      subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
      securityGroupIds: ['sg-0123456789abcdef0'],
      clusterSecurityGroupId: 'sg-0fedcba9876543210',
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      endpointPublicAccess: false,
      endpointPrivateAccess: true,
      publicAccessCidrs: [],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16', ipFamily: 'ipv4' },
    logging: { clusterLogging: [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: true }] },
    identity: { oidc: { issuer: ISSUER } },
    status: 'ACTIVE',
    platformVersion: 'eks.14',
    tags: { team: 'platform' },
    accessConfig: { bootstrapClusterCreatorAdminPermissions: false, authenticationMode: 'API' },
    ...overrides,
  };
}

let roleSerial = 0;

function roleId(): string {
  roleSerial += 1;
  return `AROA${String(roleSerial).padStart(17, '0')}`;
}

export function roleArn(name: string, account = ACCOUNT, path = '/'): string {
  return `arn:aws:iam::${account}:role${path}${name}`;
}

export interface RoleOptions {
  trust?: PolicyDocument;
  attached?: Array<{ arn: string; name?: string; document?: PolicyDocument }>;
  inline?: Array<{ name: string; document?: PolicyDocument }>;
  path?: string;
  account?: string;
  boundary?: string;
}

/** GetRole.Role with its policies, as the collector records a role. */
export function role(name: string, options: RoleOptions = {}): IamRoleRecord {
  const path = options.path ?? '/';
  const record: IamRoleRecord = {
    Role: {
      Path: path,
      RoleName: name,
      RoleId: roleId(),
      Arn: roleArn(name, options.account, path),
      CreateDate: '2025-04-02T08:30:00Z',
      MaxSessionDuration: 3600,
      RoleLastUsed: { LastUsedDate: '2026-11-26T22:10:00Z', Region: REGION },
    },
    AttachedPolicies: (options.attached ?? []).map((policy) => {
      const entry: NonNullable<IamRoleRecord['AttachedPolicies']>[number] = {
        PolicyArn: policy.arn,
        PolicyName: policy.name ?? policy.arn.slice(policy.arn.lastIndexOf('/') + 1),
      };
      if (policy.document) entry.Document = policy.document;
      return entry;
    }),
    InlinePolicies: (options.inline ?? []).map((policy) => (policy.document ? { PolicyName: policy.name, Document: policy.document } : { PolicyName: policy.name })),
  };
  if (options.trust) record.Role.AssumeRolePolicyDocument = options.trust;
  if (options.boundary) record.Role.PermissionsBoundary = { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: options.boundary };
  return record;
}

export function allowDoc(action: string | string[], resource: string | string[] = '*'): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] };
}

export function irsaTrust(subject: string | string[] | undefined, options: { operator?: string; aud?: string | null; issuerPath?: string; account?: string } = {}): PolicyDocument {
  const issuerPath = options.issuerPath ?? ISSUER_PATH;
  const conditions: Record<string, Record<string, string | string[]>> = {};
  const operator = options.operator ?? 'StringEquals';
  if (subject !== undefined) conditions[operator] = { [`${issuerPath}:sub`]: subject };
  if (options.aud !== null) {
    conditions.StringEquals = { ...(conditions.StringEquals ?? {}), [`${issuerPath}:aud`]: options.aud ?? 'sts.amazonaws.com' };
  }
  const statement: PolicyStatement = {
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${options.account ?? ACCOUNT}:oidc-provider/${issuerPath}` },
    Action: 'sts:AssumeRoleWithWebIdentity',
  };
  if (Object.keys(conditions).length > 0) statement.Condition = conditions;
  return { Version: '2012-10-17', Statement: [statement] };
}

export function podIdentityTrust(condition?: Record<string, Record<string, string | string[]>>): PolicyDocument {
  const statement: PolicyStatement = {
    Sid: 'AllowEksAuthToAssumeRoleForPodIdentity',
    Effect: 'Allow',
    Principal: { Service: 'pods.eks.amazonaws.com' },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
  };
  if (condition) statement.Condition = condition;
  return { Version: '2012-10-17', Statement: [statement] };
}

let associationSerial = 0;

export function association(namespace: string, serviceAccount: string, arn: string, extra: Partial<Association> = {}): Association {
  associationSerial += 1;
  const id = `a-${String(associationSerial).padStart(17, '0')}`;
  return {
    clusterName: CLUSTER_NAME,
    namespace,
    serviceAccount,
    roleArn: arn,
    associationArn: `arn:aws:eks:${REGION}:${ACCOUNT}:podidentityassociation/${CLUSTER_NAME}/${id}`,
    associationId: id,
    tags: {},
    createdAt: '2025-06-01T12:00:00Z',
    modifiedAt: '2025-06-01T12:00:00Z',
    disableSessionTags: false,
    ...extra,
  };
}

export function accessEntry(
  principalArn: string,
  options: { type?: string; groups?: string[]; username?: string; policies?: Array<{ arn: string; namespaces?: string[] }> } = {},
): AccessEntryRecord {
  const name = principalArn.slice(principalArn.lastIndexOf('/') + 1);
  return {
    accessEntry: {
      clusterName: CLUSTER_NAME,
      principalArn,
      kubernetesGroups: options.groups ?? [],
      accessEntryArn: `arn:aws:eks:${REGION}:${ACCOUNT}:access-entry/${CLUSTER_NAME}/role/${ACCOUNT}/${name}/a2c4e6f8-0000-4000-8000-${name.length.toString().padStart(12, '0')}`,
      createdAt: '2025-03-14T09:20:00Z',
      modifiedAt: '2025-03-14T09:20:00Z',
      tags: {},
      username: options.username ?? principalArn,
      type: options.type ?? 'STANDARD',
    },
    associatedAccessPolicies: (options.policies ?? []).map((policy) => ({
      policyArn: policy.arn,
      accessScope: policy.namespaces ? { type: 'namespace', namespaces: policy.namespaces } : { type: 'cluster', namespaces: [] },
      associatedAt: '2025-03-14T09:21:00Z',
      modifiedAt: '2025-03-14T09:21:00Z',
    })),
  };
}

export function awsError(service: string, operation: string, code: string, target?: string): CollectionError {
  const error: CollectionError = {
    source: 'aws',
    service,
    operation,
    code,
    message:
      code === 'NoSuchEntity'
        ? `The role with name ${target?.slice(target.lastIndexOf('/') + 1) ?? ''} cannot be found.`
        : `User: arn:aws:sts::${ACCOUNT}:assumed-role/eksguard-reader/ci is not authorized to perform: ${service}:${operation}`,
  };
  if (target) error.target = target;
  return error;
}

export function serviceAccountYaml(namespace: string, name: string, arn?: string, extraAnnotations: Record<string, string> = {}): string {
  const annotations = { ...(arn ? { 'eks.amazonaws.com/role-arn': arn } : {}), ...extraAnnotations };
  const block = Object.keys(annotations).length
    ? `\n  annotations:\n${Object.entries(annotations)
        .map(([key, value]) => `    ${key}: "${value}"`)
        .join('\n')}`
    : '';
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${namespace}${block}
`;
}

export function deploymentYaml(namespace: string, name: string, serviceAccount: string, image = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}:1.4.2`): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  replicas: 2
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      serviceAccountName: ${serviceAccount}
      containers:
        - name: ${name}
          image: ${image}
`;
}

export function yamlStream(...documents: string[]): string {
  return documents.join('---\n');
}

type Repository = NonNullable<NonNullable<AwsData['ecr']>['repositories']>[number];

/** DescribeRepositories.repositories[] entry of the account's private registry. */
export function repository(name: string, extra: Partial<Repository> = {}): Repository {
  return {
    repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`,
    registryId: ACCOUNT,
    repositoryName: name,
    repositoryUri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}`,
    createdAt: '2024-11-05T14:03:11Z',
    imageTagMutability: 'MUTABLE',
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: 'AES256' },
    ...extra,
  };
}

export function repositoryArn(name: string): string {
  return `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`;
}
