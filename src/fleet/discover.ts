/**
 * `fleet discover`: for every account (its role assumed first), every region: EKS ListClusters,
 * page by page, then DescribeCluster for the clusters whose names pass the filter (tags,
 * version, endpoint and CA come from it), then the tag filter. Accounts and regions run in
 * parallel up to a bound; an account whose role cannot be assumed, or a region that fails, is
 * recorded and the rest goes on.
 */
import { DescribeClusterCommand, EKSClient, ListClustersCommand, type Cluster } from '@aws-sdk/client-eks';
import { partitionOf, type FleetConfig } from './config.js';
import { clusterFilter } from './cluster-filter.js';
import { accountCredentials, callerAccountId, type AwsAccess, type CredentialsProvider } from './credentials.js';
import { classifyAwsError, messageOf, type FailureKind } from './failures.js';
import { withAttempts } from './attempts.js';
import { mapBounded } from './pool.js';

export interface DiscoveredCluster {
  accountId: string;
  region: string;
  name: string;
  arn: string;
  version?: string;
  status?: string;
  tags: Record<string, string>;
  /** The API server endpoint and its CA (base64 PEM), for the Kubernetes side. */
  endpoint?: string;
  caData?: string;
  /** Its account's credentials (the assumed role, or the caller's own): what the scan reads it with. */
  credentials: CredentialsProvider;
}

export interface DiscoveryError {
  accountId: string;
  region?: string;
  cluster?: string;
  operation: 'sts:AssumeRole' | 'sts:GetCallerIdentity' | 'eks:ListClusters' | 'eks:DescribeCluster';
  kind: FailureKind;
  message: string;
}

export interface Discovery {
  clusters: DiscoveredCluster[];
  errors: DiscoveryError[];
}

export interface DiscoverOptions {
  access: AwsAccess;
  /** Accounts, and accounts × regions, worked on at once. */
  concurrency: number;
  timeoutMs: number;
  retries: number;
  backoffMs?: number;
  onRetry?: (what: string, attempt: number, message: string, delayMs: number) => void;
}

/** DescribeCluster calls in flight at once within one region. */
const DESCRIBE_CONCURRENCY = 4;

function describedCluster(accountId: string, region: string, name: string, cluster: Cluster, credentials: CredentialsProvider): DiscoveredCluster {
  const found: DiscoveredCluster = {
    credentials,
    accountId,
    region,
    name,
    arn: cluster.arn ?? `arn:${partitionOf(region)}:eks:${region}:${accountId}:cluster/${name}`,
    tags: { ...(cluster.tags ?? {}) },
  };
  if (cluster.version) found.version = cluster.version;
  if (cluster.status) found.status = cluster.status;
  if (cluster.endpoint) found.endpoint = cluster.endpoint;
  if (cluster.certificateAuthority?.data) found.caData = cluster.certificateAuthority.data;
  return found;
}

export async function discoverFleet(config: FleetConfig, options: DiscoverOptions): Promise<Discovery> {
  const errors: DiscoveryError[] = [];
  const credentials = new Map<string, CredentialsProvider>();
  const attempts = { timeoutMs: options.timeoutMs, retries: options.retries, ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}) };
  const classify = (error: unknown) => ({ kind: classifyAwsError(error), message: messageOf(error) });

  await mapBounded(config.accounts, options.concurrency, async (account) => {
    const access = accountCredentials(account, options.access);
    if (!account.roleArn) {
      // The caller's own credentials: the account they belong to must be the one the file names,
      // or its clusters would be recorded under another account's id.
      const outcome = await withAttempts((signal) => callerAccountId(options.access, account.regions[0] ?? 'us-east-1', signal), {
        ...attempts,
        classify,
        onRetry: (attempt, failure, delay) => options.onRetry?.(`account ${account.id}: sts:GetCallerIdentity`, attempt, failure.message, delay),
      });
      if (outcome.ok && outcome.value === account.id) {
        credentials.set(account.id, access.provider);
        return;
      }
      const failure = outcome.ok
        ? { kind: 'failed' as const, message: `the caller's credentials are for account ${outcome.value ?? 'unknown'}, not ${account.id}: correct the id, or give the account a roleArn to assume` }
        : outcome.failure;
      errors.push({ accountId: account.id, operation: 'sts:GetCallerIdentity', ...failure });
      return;
    }
    const outcome = await withAttempts((signal) => access.assume(signal), {
      ...attempts,
      classify,
      onRetry: (attempt, failure, delay) => options.onRetry?.(`account ${account.id}: sts:AssumeRole`, attempt, failure.message, delay),
    });
    if (outcome.ok) credentials.set(account.id, access.provider);
    else errors.push({ accountId: account.id, operation: 'sts:AssumeRole', ...outcome.failure });
  });

  const filter = clusterFilter(config.clusters);
  const targets = config.accounts.flatMap((account) => {
    const provider = credentials.get(account.id);
    return provider ? account.regions.map((region) => ({ account, region, provider })) : [];
  });
  const found = await mapBounded(targets, options.concurrency, async ({ account, region, provider }) => {
    const eks = new EKSClient({
      region,
      credentials: provider,
      ...(options.access.endpoints.eks ? { endpoint: options.access.endpoints.eks } : {}),
    });
    try {
      const listed = await withAttempts(
        async (signal) => {
          const names: string[] = [];
          let nextToken: string | undefined;
          do {
            const page = await eks.send(new ListClustersCommand({ maxResults: 100, ...(nextToken ? { nextToken } : {}) }), { abortSignal: signal });
            names.push(...(page.clusters ?? []));
            nextToken = page.nextToken;
          } while (nextToken);
          return names;
        },
        { ...attempts, classify, onRetry: (attempt, failure, delay) => options.onRetry?.(`${account.id} ${region}: eks:ListClusters`, attempt, failure.message, delay) },
      );
      if (!listed.ok) {
        errors.push({ accountId: account.id, region, operation: 'eks:ListClusters', ...listed.failure });
        return [];
      }
      // Names first: clusters filtered out by name are never described.
      const named = listed.value.filter((name) => filter.byName(name));
      const described = await mapBounded(named, DESCRIBE_CONCURRENCY, async (name) => {
        const outcome = await withAttempts(
          async (signal) => {
            try {
              return (await eks.send(new DescribeClusterCommand({ name }), { abortSignal: signal })).cluster;
            } catch (error) {
              // Deleted since ListClusters: not in the fleet any more, and nothing went wrong.
              if ((error as { name?: unknown }).name === 'ResourceNotFoundException') return undefined;
              throw error;
            }
          },
          { ...attempts, classify, onRetry: (attempt, failure, delay) => options.onRetry?.(`${account.id} ${region} ${name}: eks:DescribeCluster`, attempt, failure.message, delay) },
        );
        if (!outcome.ok) {
          errors.push({ accountId: account.id, region, cluster: name, operation: 'eks:DescribeCluster', ...outcome.failure });
          return undefined;
        }
        return outcome.value ? describedCluster(account.id, region, name, outcome.value, provider) : undefined;
      });
      return described.filter((cluster): cluster is DiscoveredCluster => cluster !== undefined && filter.takes(cluster.name, cluster.tags));
    } finally {
      eks.destroy();
    }
  });

  const byPlace = (a: { accountId: string; region?: string; name?: string }, b: typeof a): number =>
    a.accountId.localeCompare(b.accountId) || (a.region ?? '').localeCompare(b.region ?? '') || (a.name ?? '').localeCompare(b.name ?? '');
  return {
    clusters: found.flat().sort(byPlace),
    errors: errors.sort((a, b) => byPlace({ ...a, name: a.cluster ?? '' }, { ...b, name: b.cluster ?? '' })),
  };
}
