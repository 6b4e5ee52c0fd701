/**
 * Every AWS API operation the collector calls, named as IAM names its permission. Each call goes
 * through `AwsSession.call`/`eachPage` with one of these ids, so this list is what the collector
 * does; deploy/iam/eksguard-reader-policy.json is kept equal to it by a test.
 */
export const AWS_OPERATIONS = [
  'sts:GetCallerIdentity',
  'eks:DescribeCluster',
  'eks:DescribeClusterVersions',
  'eks:ListNodegroups',
  'eks:DescribeNodegroup',
  'eks:ListFargateProfiles',
  'eks:DescribeFargateProfile',
  'eks:ListAddons',
  'eks:DescribeAddon',
  'eks:DescribeAddonVersions',
  'eks:ListAccessEntries',
  'eks:DescribeAccessEntry',
  'eks:ListAssociatedAccessPolicies',
  'eks:ListPodIdentityAssociations',
  'eks:DescribePodIdentityAssociation',
  'eks:ListInsights',
  'eks:DescribeInsight',
  'ec2:DescribeLaunchTemplateVersions',
  'ec2:DescribeInstances',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeFlowLogs',
  'ec2:GetEbsEncryptionByDefault',
  'iam:GetRole',
  'iam:ListAttachedRolePolicies',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListRolePolicies',
  'iam:GetRolePolicy',
  'iam:ListOpenIDConnectProviders',
  'iam:GetOpenIDConnectProvider',
  'kms:DescribeKey',
  'kms:GetKeyRotationStatus',
  'logs:DescribeLogGroups',
  'logs:DescribeMetricFilters',
  'guardduty:ListDetectors',
  'guardduty:GetDetector',
  'inspector2:BatchGetAccountStatus',
  'ecr:DescribeRepositories',
  'ecr:GetRegistryScanningConfiguration',
  'ecr:GetRepositoryPolicy',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeTags',
  'elasticloadbalancing:DescribeListeners',
] as const;

export type AwsOperationId = (typeof AWS_OPERATIONS)[number];

/** IAM service prefixes, which are also the SigV4 signing names of the services. */
export type AwsService = AwsOperationId extends `${infer Service}:${string}` ? Service : never;

export function splitOperation(id: AwsOperationId): { service: AwsService; operation: string } {
  const [service, operation] = id.split(':') as [AwsService, string];
  return { service, operation };
}
