/**
 * `collectAws`: everything the AWS-side checks read about one EKS cluster, in the wire shape of
 * the AWS API reference (SNAPSHOT.md). Read-only. Every failed call is recorded and collection
 * goes on; only a cluster that cannot be described stops it, since everything else hangs off it.
 */
import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsSnapshotData, CollectionError } from '../../model/index.js';
import { createClients, destroyClients, type AwsCredentials } from './clients.js';
import { collectEc2Account, collectEc2Nodes } from './collect-ec2.js';
import { collectEksDetails } from './collect-eks.js';
import { clusterRoleArns, collectIamRoles, collectOidcProviders } from './collect-iam.js';
import { collectEcr, collectGuardDuty, collectInspector, collectKms, collectLoadBalancers, collectLogs } from './collect-account.js';
import { Limiter } from './limiter.js';
import type { AwsService } from './operations.js';
import { BackoffRetryStrategy, type RetryOptions } from './retry.js';
import { AwsSession, type AwsProgressEvent } from './session.js';
import { toWire } from './wire.js';

export interface CollectAwsOptions {
  cluster: string;
  region: string;
  /** A shared-config profile; otherwise the standard Node.js credential provider chain. */
  profile?: string;
  credentials?: AwsCredentials;
  /** Per-service endpoint overrides, keyed by IAM service prefix. */
  endpoints?: Partial<Record<AwsService, string>>;
  /** IRSA role ARNs from ServiceAccount annotations, which only the Kubernetes side knows. */
  extraRoleArns?: readonly string[];
  /** Calls in flight at once, across all services (default 8). */
  concurrency?: number;
  retry?: RetryOptions;
  onProgress?: (event: AwsProgressEvent) => void;
  /**
   * Cancels the collection (a fleet's per-cluster deadline): every SDK call gets it as its
   * `abortSignal`, no call starts after it, and collectAws rejects with the signal's reason.
   */
  abortSignal?: AbortSignal;
}

export interface CollectAwsResult {
  aws: AwsSnapshotData;
  errors: CollectionError[];
  identity: { accountId?: string; callerArn?: string };
  /** False when DescribeCluster failed: nothing cluster-related could be collected. */
  clusterFound: boolean;
  stats: { requests: number; retries: number };
}

/** Keys in a fixed order, so two collections of the same account serialise identically. */
function inOrder<T extends object>(value: T | undefined, keys: ReadonlyArray<keyof T>): T | undefined {
  if (!value) return value;
  const out = {} as T;
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

function ordered(aws: AwsSnapshotData): AwsSnapshotData {
  const out = inOrder(aws, ['eks', 'ec2', 'iam', 'kms', 'logs', 'guardduty', 'inspector2', 'ecr', 'elbv2']) ?? {};
  out.eks = inOrder(aws.eks, ['cluster', 'clusterVersions', 'nodegroups', 'fargateProfiles', 'addons', 'addonVersions', 'accessEntries', 'podIdentityAssociations', 'insights']);
  out.ec2 = inOrder(aws.ec2, ['launchTemplateVersions', 'instances', 'securityGroups', 'subnets', 'flowLogs', 'ebsEncryptionByDefault']);
  out.iam = inOrder(aws.iam, ['roles', 'openIdConnectProviders']);
  out.ecr = inOrder(aws.ecr, ['repositories', 'registryScanningConfiguration', 'repositoryPolicies']);
  for (const key of Object.keys(out) as Array<keyof AwsSnapshotData>) if (out[key] === undefined) delete out[key];
  return out;
}

export async function collectAws(options: CollectAwsOptions): Promise<CollectAwsResult> {
  const signal = options.abortSignal;
  signal?.throwIfAborted();
  const retryStrategy = new BackoffRetryStrategy(options.retry);
  let requests = 0;
  const clients = createClients({
    region: options.region,
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
    ...(options.endpoints !== undefined ? { endpoints: options.endpoints } : {}),
    retryStrategy,
    maxAttempts: options.retry?.maxAttempts ?? 5,
    limiter: new Limiter(options.concurrency ?? 8),
    onRequest: () => {
      requests += 1;
    },
    ...(signal ? { signal } : {}),
  });
  const session = new AwsSession(clients, options.onProgress, signal);
  const aws: AwsSnapshotData = {};
  const identity: CollectAwsResult['identity'] = {};
  const finish = (clusterFound: boolean): CollectAwsResult => {
    destroyClients(clients);
    const errors = [...session.errors].sort((a, b) =>
      `${a.service ?? ''}:${a.operation}:${a.target ?? ''}`.localeCompare(`${b.service ?? ''}:${b.operation}:${b.target ?? ''}`),
    );
    return { aws: ordered(aws), errors, identity, clusterFound, stats: { requests, retries: retryStrategy.retries } };
  };

  try {
    const [caller, described] = await Promise.all([
      session.call('sts:GetCallerIdentity', undefined, () => clients.sts.send(new GetCallerIdentityCommand({}))),
      session.call('eks:DescribeCluster', options.cluster, () => clients.eks.send(new DescribeClusterCommand({ name: options.cluster }))),
    ]);
    if (caller?.Account) identity.accountId = caller.Account;
    if (caller?.Arn) identity.callerArn = caller.Arn;
    if (!described?.cluster) {
      signal?.throwIfAborted();
      return finish(false);
    }

    const cluster = toWire(described.cluster);
    const eks: NonNullable<AwsSnapshotData['eks']> = { cluster };
    const ec2: NonNullable<AwsSnapshotData['ec2']> = {};
    const iam: NonNullable<AwsSnapshotData['iam']> = {};
    aws.eks = eks;
    aws.ec2 = ec2;
    aws.iam = iam;
    const clusterName = cluster.name ?? options.cluster;
    const vpcId = cluster.resourcesVpcConfig?.vpcId;

    const clusterSide = async (): Promise<void> => {
      await collectEksDetails(session, cluster, eks);
      await Promise.all([
        collectEc2Nodes(session, eks, ec2),
        collectIamRoles(session, clusterRoleArns(eks, options.extraRoleArns ?? []), identity.accountId, iam),
      ]);
    };

    await Promise.all([
      clusterSide(),
      collectEc2Account(session, vpcId, ec2),
      collectOidcProviders(session, cluster.identity?.oidc?.issuer, iam),
      collectKms(session, cluster, aws),
      collectLogs(session, clusterName, aws),
      collectGuardDuty(session, aws),
      collectInspector(session, identity.accountId, aws),
      collectEcr(session, aws),
      collectLoadBalancers(session, clusterName, vpcId, aws),
    ]);
    signal?.throwIfAborted();
    return finish(true);
  } catch (error) {
    destroyClients(clients);
    throw error;
  }
}
