/**
 * AWS data in a snapshot: the wire shape of the AWS API reference, as the AWS SDK v3 returns
 * it, with timestamps as ISO-8601 strings (SNAPSHOT.md). The SDK's own model types are reused
 * so field names cannot drift from the API; `Wire` turns their Dates into strings.
 */
import type {
  AccessEntry,
  Addon,
  AddonVersionInfo,
  AssociatedAccessPolicy,
  Cluster,
  ClusterVersionInformation,
  FargateProfile,
  Insight,
  Nodegroup,
  PodIdentityAssociation,
} from '@aws-sdk/client-eks';
import type { FlowLog, Instance, LaunchTemplateVersion, SecurityGroup, Subnet } from '@aws-sdk/client-ec2';
import type { Role } from '@aws-sdk/client-iam';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { LogGroup, MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import type { GetDetectorResponse } from '@aws-sdk/client-guardduty';
import type { AccountState } from '@aws-sdk/client-inspector2';
import type { RegistryScanningConfiguration, Repository } from '@aws-sdk/client-ecr';
import type { Listener, LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';

/** An SDK model as stored in a snapshot: Dates become ISO-8601 strings. */
export type Wire<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer Item>
    ? Array<Wire<Item>>
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** An IAM policy document, URL-decoded and parsed. */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement?: PolicyStatement | PolicyStatement[];
}

export type PolicyValues = string | string[];

export interface PolicyStatement {
  Sid?: string;
  /** 'Allow' or 'Deny'; anything else is an invalid statement (IAM rejects it). */
  Effect?: string;
  Principal?: '*' | Record<string, PolicyValues>;
  NotPrincipal?: '*' | Record<string, PolicyValues>;
  Action?: PolicyValues;
  NotAction?: PolicyValues;
  Resource?: PolicyValues;
  NotResource?: PolicyValues;
  /** Operator → condition key → values. */
  Condition?: Record<string, Record<string, PolicyValues | boolean | number>>;
}

/** A role the cluster uses, with its trust policy and permissions parsed. */
export interface IamRoleRecord {
  Role: Omit<Wire<Role>, 'AssumeRolePolicyDocument'> & { AssumeRolePolicyDocument?: PolicyDocument };
  AttachedPolicies?: Array<{ PolicyArn?: string; PolicyName?: string; Document?: PolicyDocument }>;
  InlinePolicies?: Array<{ PolicyName?: string; Document?: PolicyDocument }>;
}

export interface OpenIdConnectProviderRecord {
  Arn?: string;
  Url?: string;
  ClientIDList?: string[];
  ThumbprintList?: string[];
}

export interface AwsSnapshotData {
  eks?: {
    cluster?: Wire<Cluster>;
    clusterVersions?: Array<Wire<ClusterVersionInformation>>;
    nodegroups?: Array<Wire<Nodegroup>>;
    fargateProfiles?: Array<Wire<FargateProfile>>;
    addons?: Array<Wire<Addon>>;
    /** Add-on name → versions compatible with the cluster's Kubernetes version. */
    addonVersions?: Record<string, Array<Wire<AddonVersionInfo>>>;
    accessEntries?: Array<{
      accessEntry: Wire<AccessEntry>;
      associatedAccessPolicies: Array<Wire<AssociatedAccessPolicy>>;
    }>;
    podIdentityAssociations?: Array<Wire<PodIdentityAssociation>>;
    insights?: Array<Wire<Insight>>;
  };
  ec2?: {
    launchTemplateVersions?: Array<Wire<LaunchTemplateVersion>>;
    instances?: Array<Wire<Instance>>;
    securityGroups?: Array<Wire<SecurityGroup>>;
    subnets?: Array<Wire<Subnet>>;
    flowLogs?: Array<Wire<FlowLog>>;
    /** GetEbsEncryptionByDefault.EbsEncryptionByDefault. */
    ebsEncryptionByDefault?: boolean;
  };
  iam?: {
    roles?: IamRoleRecord[];
    openIdConnectProviders?: OpenIdConnectProviderRecord[];
  };
  kms?: { keys?: Array<{ KeyMetadata: Wire<KeyMetadata>; KeyRotationEnabled?: boolean }> };
  logs?: { logGroups?: Array<Wire<LogGroup>>; metricFilters?: Array<Wire<MetricFilter>> };
  guardduty?: { detectors?: Array<{ DetectorId: string } & Wire<Omit<GetDetectorResponse, '$metadata'>>> };
  inspector2?: { accounts?: Array<Wire<AccountState>> };
  ecr?: {
    repositories?: Array<Wire<Repository>>;
    registryScanningConfiguration?: Wire<RegistryScanningConfiguration>;
    /** Repository name → its policy (GetRepositoryPolicy.policyText, parsed). */
    repositoryPolicies?: Record<string, PolicyDocument>;
  };
  elbv2?: { loadBalancers?: Array<Wire<LoadBalancer>>; listeners?: Array<Wire<Listener>> };
}
