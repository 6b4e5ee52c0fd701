/**
 * What the fake serves: one AWS account's resources in the shape of the AWS API reference
 * (the SDK's shape, timestamps as ISO-8601 strings). IAM policy documents are kept parsed here;
 * the fake URL-encodes them on the way out, as IAM does.
 */
import type {
  AccessEntry,
  Addon,
  AddonInfo,
  AssociatedAccessPolicy,
  Cluster,
  ClusterVersionInformation,
  FargateProfile,
  Insight,
  Nodegroup,
  PodIdentityAssociation,
} from '@aws-sdk/client-eks';
import type { FlowLog, LaunchTemplateVersion, Reservation, SecurityGroup, Subnet } from '@aws-sdk/client-ec2';
import type { Policy, Role } from '@aws-sdk/client-iam';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { FilteredLogEvent, LogGroup, MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import type { GetDetectorResponse } from '@aws-sdk/client-guardduty';
import type { AccountState } from '@aws-sdk/client-inspector2';
import type { RegistryScanningConfiguration, Repository } from '@aws-sdk/client-ecr';
import type { Listener, LoadBalancer, Tag } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { PolicyDocument, Wire } from '../../../src/model/index.js';

export interface FakeIamRole {
  Role: Omit<Wire<Role>, 'AssumeRolePolicyDocument'> & { AssumeRolePolicyDocument: PolicyDocument };
  AttachedPolicyArns: string[];
  InlinePolicies: Record<string, PolicyDocument>;
}

export interface FakeIamPolicy {
  Policy: Wire<Policy>;
  Versions: Array<{ VersionId: string; IsDefaultVersion: boolean; CreateDate: string; Document: PolicyDocument }>;
}

export interface FakeOidcProvider {
  Arn: string;
  Url: string;
  ClientIDList: string[];
  ThumbprintList: string[];
  CreateDate: string;
}

export interface FakeAccount {
  accountId: string;
  region: string;
  /** STS GetCallerIdentity of whoever calls the fake. */
  caller: { UserId: string; Account: string; Arn: string };
  eks: {
    clusters: Array<Wire<Cluster>>;
    clusterVersions: Array<Wire<ClusterVersionInformation>>;
    nodegroups: Array<Wire<Nodegroup>>;
    fargateProfiles: Array<Wire<FargateProfile>>;
    addons: Array<Wire<Addon>>;
    /** DescribeAddonVersions.addons: every version of every add-on, with its compatibilities. */
    addonVersions: Array<Wire<AddonInfo>>;
    accessEntries: Array<Wire<AccessEntry>>;
    /** Principal ARN → its associated access policies. */
    associatedAccessPolicies: Record<string, Array<Wire<AssociatedAccessPolicy>>>;
    podIdentityAssociations: Array<Wire<PodIdentityAssociation>>;
    insights: Array<Wire<Insight>>;
  };
  ec2: {
    launchTemplateVersions: Array<Wire<LaunchTemplateVersion>>;
    reservations: Array<Wire<Reservation>>;
    securityGroups: Array<Wire<SecurityGroup>>;
    subnets: Array<Wire<Subnet>>;
    flowLogs: Array<Wire<FlowLog>>;
    ebsEncryptionByDefault: boolean;
  };
  iam: {
    roles: FakeIamRole[];
    policies: FakeIamPolicy[];
    openIdConnectProviders: FakeOidcProvider[];
  };
  kms: { keys: Array<{ KeyMetadata: Wire<KeyMetadata>; KeyRotationEnabled: boolean }> };
  logs: {
    logGroups: Array<Wire<LogGroup>>;
    metricFilters: Array<Wire<MetricFilter>>;
    /** Log group name → its events (any stream, any order), as FilterLogEvents returns them. */
    logEvents?: Record<string, Array<Wire<FilteredLogEvent>>>;
  };
  guardduty: { detectors: Array<{ DetectorId: string } & Wire<Omit<GetDetectorResponse, '$metadata'>>> };
  inspector2: { accounts: Array<Wire<AccountState>> };
  ecr: {
    repositories: Array<Wire<Repository>>;
    registryScanningConfiguration: Wire<RegistryScanningConfiguration>;
    /** Repository name → its policy; a repository absent here has none. */
    repositoryPolicies: Record<string, PolicyDocument>;
  };
  elbv2: {
    loadBalancers: Array<Wire<LoadBalancer>>;
    listeners: Array<Wire<Listener>>;
    /** Load balancer ARN → its tags. */
    tags: Record<string, Array<Wire<Tag>>>;
  };
}
