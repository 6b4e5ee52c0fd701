/**
 * Collecting one EKS cluster, both sides, into an inventory (for `collect` and `scan cluster`),
 * and the account of what could not be collected (for them and `scan snapshot`).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { load as loadYaml } from 'js-yaml';
import { collectAws, type AwsService } from '../collect/aws/index.js';
import {
  collectKubernetes,
  DEFAULT_CONCURRENCY,
  DEFAULT_PAGE_SIZE,
  DiscoveryError,
  eksConnection,
  KubeConnectionError,
  KubeconfigError,
  loadKubeconfig,
  type KubeConnection,
} from '../collect/kube/index.js';
import { permissionOf } from '../inventory/index.js';
import { snapshotOf, writeSnapshot, type Snapshot } from '../inventory/snapshot.js';
import type { CollectionError, Inventory, InventoryObject, ScanResult } from '../model/index.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { progress } from './progress.js';
import { VERSION } from './version.js';
import type { ScanExtras } from './scan-command.js';

export interface ClusterSourceOptions {
  name: string;
  region: string;
  profile?: string;
  context?: string;
  kubeconfig?: string;
  /** Sign the EKS token in-process even when the kubeconfig has a user (no aws CLI needed). */
  eksToken?: boolean;
  kubeletConfig?: boolean;
  pageSize?: number;
  concurrency?: number;
  /** AWS credentials for both sides (a fleet's assumed role); else the environment's or the SDK chain's. */
  credentials?: Credentials;
  /** A ready Kubernetes connection (a fleet's, from DescribeCluster); else the kubeconfig or --eks-token. */
  connection?: KubeConnection;
  /** Once aborted, the AWS side is not started, or its calls are cancelled, and the collection ends with the signal's reason. */
  signal?: AbortSignal;
  /** Longest wait for one Kubernetes request (default 60 s). */
  requestTimeoutMs?: number;
}

export interface ClusterCollection {
  inventory: Inventory & { source: { collectedAt: string } };
  stats: { kubernetesRequests: number; awsRequests: number; awsRetries: number; seconds: number };
}

type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** AwsService → the service id of its AWS_ENDPOINT_URL_<ID> variable, as the AWS SDKs name them. */
const ENDPOINT_VARIABLES: Record<AwsService, string> = {
  sts: 'STS',
  eks: 'EKS',
  ec2: 'EC2',
  iam: 'IAM',
  kms: 'KMS',
  logs: 'CLOUDWATCH_LOGS',
  guardduty: 'GUARDDUTY',
  inspector2: 'INSPECTOR2',
  ecr: 'ECR',
  elasticloadbalancing: 'ELASTIC_LOAD_BALANCING_V2',
};

/**
 * Endpoint overrides from AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>, read from the
 * command's environment (the SDK would read the process's): VPC endpoints, local test servers.
 */
export function awsEndpoints(env: NodeJS.ProcessEnv): Partial<Record<AwsService, string>> {
  const endpoints: Partial<Record<AwsService, string>> = {};
  for (const [service, id] of Object.entries(ENDPOINT_VARIABLES) as Array<[AwsService, string]>) {
    const url = env[`AWS_ENDPOINT_URL_${id}`] ?? env.AWS_ENDPOINT_URL;
    if (url) endpoints[service] = url;
  }
  return endpoints;
}

/**
 * Static keys from the command's environment, when no profile is asked for (the first link of
 * the SDK's own chain); otherwise undefined, and the SDK's chain (profile, SSO, web identity,
 * instance role) decides.
 */
export function envCredentials(env: NodeJS.ProcessEnv, profile: string | undefined): AwsCredentialIdentity | undefined {
  if (profile !== undefined || !env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

/** The credentials the AWS SDK would use for this profile and region, for signing EKS tokens. */
function chainCredentials(options: ClusterSourceOptions, env: NodeJS.ProcessEnv): Credentials {
  const fromEnv = envCredentials(env, options.profile);
  if (fromEnv) return fromEnv;
  const sts = new STSClient({ region: options.region, ...(options.profile !== undefined ? { profile: options.profile } : {}) });
  return () => sts.config.credentials();
}

/**
 * The Kubernetes connection: the kubeconfig (its exec plugin does EKS authentication), or, with
 * `--eks-token` or when there is no kubeconfig, a token signed here from the AWS credentials,
 * with the endpoint and CA of the kubeconfig's cluster or else of `eks:DescribeCluster`.
 */
export async function kubernetesConnection(options: ClusterSourceOptions, io: CliIo): Promise<KubeConnection> {
  let fromKubeconfig: KubeConnection | undefined;
  try {
    fromKubeconfig = loadKubeconfig({ kubeconfig: options.kubeconfig, context: options.context, env: io.env });
  } catch (error) {
    if (error instanceof KubeconfigError) throw new UsageError(error.message);
    throw error;
  }
  if (fromKubeconfig && !options.eksToken) return fromKubeconfig;
  if (!fromKubeconfig && (options.context || options.kubeconfig)) {
    throw new UsageError('--context needs a kubeconfig (KUBECONFIG or ~/.kube/config)');
  }
  const credentials = chainCredentials(options, io.env);
  if (fromKubeconfig) {
    const cluster = fromKubeconfig.config.getCurrentCluster();
    return eksConnection({
      cluster: options.name,
      region: options.region,
      credentials,
      server: fromKubeconfig.server,
      ...(cluster?.caData ? { caData: cluster.caData } : {}),
      ...(cluster?.caFile ? { caFile: cluster.caFile } : {}),
      ...(cluster?.skipTLSVerify ? { skipTLSVerify: true } : {}),
      contextName: fromKubeconfig.context,
    });
  }
  const endpoint = awsEndpoints(io.env).eks;
  const eks = new EKSClient({
    region: options.region,
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(envCredentials(io.env, options.profile) ? { credentials: envCredentials(io.env, options.profile) } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
  try {
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: options.name }));
    if (!cluster?.endpoint) throw new UsageError(`EKS cluster ${options.name} in ${options.region} has no API endpoint yet`);
    return eksConnection({
      cluster: options.name,
      region: options.region,
      credentials,
      server: cluster.endpoint,
      ...(cluster.certificateAuthority?.data ? { caData: cluster.certificateAuthority.data } : {}),
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `no kubeconfig found, and eks:DescribeCluster for ${options.name} in ${options.region} failed (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}); pass --kubeconfig or grant the permission`,
    );
  } finally {
    eks.destroy();
  }
}

/** Role ARNs only the Kubernetes side names: IRSA annotations and aws-auth's mapRoles. */
export function kubernetesRoleArns(objects: readonly InventoryObject[]): string[] {
  const arns = new Set<string>();
  for (const { object } of objects) {
    if (object.kind === 'ServiceAccount') {
      const arn = object.metadata?.annotations?.['eks.amazonaws.com/role-arn'];
      if (arn?.startsWith('arn:')) arns.add(arn.trim());
    } else if (object.kind === 'ConfigMap' && object.metadata?.namespace === 'kube-system' && object.metadata.name === 'aws-auth') {
      const mapRoles = (object.data as Record<string, unknown> | undefined)?.mapRoles;
      if (typeof mapRoles !== 'string') continue;
      try {
        const entries = loadYaml(mapRoles);
        for (const entry of Array.isArray(entries) ? (entries as unknown[]) : []) {
          const arn = (entry as { rolearn?: unknown } | null)?.rolearn;
          if (typeof arn === 'string' && arn.startsWith('arn:')) arns.add(arn.trim());
        }
      } catch {
        // A broken aws-auth is the aws-auth checks' finding, not a collection failure.
      }
    }
  }
  return [...arns].sort();
}

/** The AWS side: everything the AWS-side checks read, each failed call recorded. */
async function collectAwsSide(options: ClusterSourceOptions, io: CliIo, roleArns: string[], progress: (text: string) => void) {
  const credentials = options.credentials ?? envCredentials(io.env, options.profile);
  return collectAws({
    cluster: options.name,
    region: options.region,
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(credentials ? { credentials } : {}),
    endpoints: awsEndpoints(io.env),
    extraRoleArns: roleArns,
    onProgress: (event) => progress(`AWS: ${event.completed} calls (${event.failed} failed), last ${event.operation}`),
    ...(options.signal ? { abortSignal: options.signal } : {}),
  });
}

/**
 * Collects both sides of one cluster. Kubernetes first (its ServiceAccounts name the IRSA roles
 * the AWS side must read). A Kubernetes API that cannot be reached at all stops the collection
 * with a usage error: an empty inventory would make every Kubernetes check pass silently.
 */
export async function collectCluster(options: ClusterSourceOptions, io: CliIo, progress: (text: string) => void): Promise<ClusterCollection> {
  const started = Date.now();
  const collectedAt = new Date(started).toISOString();
  const connection = options.connection ?? (await kubernetesConnection(options, io));
  let kube: Awaited<ReturnType<typeof collectKubernetes>>;
  try {
    kube = await collectKubernetes({
      connection,
      kubeletConfig: options.kubeletConfig ?? false,
      ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.requestTimeoutMs !== undefined ? { timeoutMs: options.requestTimeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (text) => progress(`Kubernetes: ${text}`),
    });
  } catch (error) {
    if (error instanceof DiscoveryError || error instanceof KubeConnectionError) {
      throw new UsageError(`cannot collect from Kubernetes (context ${connection.context}): ${error.message}`, { cause: error });
    }
    throw error;
  }
  options.signal?.throwIfAborted();
  const aws = await collectAwsSide(options, io, kubernetesRoleArns(kube.objects), progress);
  options.signal?.throwIfAborted();
  checkSameCluster(options, aws, kube.server, kube.context);
  const inventory: ClusterCollection['inventory'] = {
    source: {
      type: 'cluster',
      cluster: options.name,
      region: options.region,
      ...(aws.identity.accountId ? { accountId: aws.identity.accountId } : {}),
      ...(aws.identity.callerArn ? { callerArn: aws.identity.callerArn } : {}),
      kubeContext: kube.context,
      collectedAt,
    },
    objects: kube.objects,
    aws: aws.aws,
    errors: [...kube.errors, ...aws.errors],
  };
  if (kube.kubeletConfigs) inventory.kubeletConfigs = kube.kubeletConfigs;
  return {
    inventory,
    stats: {
      kubernetesRequests: kube.requests,
      awsRequests: aws.stats.requests,
      awsRetries: aws.stats.retries,
      seconds: (Date.now() - started) / 1000,
    },
  };
}

/**
 * Stops a collection that would mix two clusters or describe none: a misspelt --name (EKS says
 * the cluster does not exist), or a kubeconfig context whose EKS endpoint is another cluster's.
 */
function checkSameCluster(
  options: ClusterSourceOptions,
  aws: Awaited<ReturnType<typeof collectAwsSide>>,
  server: string,
  context: string,
): void {
  const notFound = aws.errors.find((error) => error.operation === 'DescribeCluster' && error.code === 'ResourceNotFoundException');
  if (notFound) throw new UsageError(`EKS cluster ${options.name} not found in ${options.region}: ${notFound.message}`);
  const endpoint = aws.aws.eks?.cluster?.endpoint;
  const eksHost = (url: string | undefined): string | undefined => {
    try {
      const host = url ? new URL(url).host.toLowerCase() : undefined;
      return host?.endsWith('.eks.amazonaws.com') || host?.endsWith('.eks.amazonaws.com.cn') ? host : undefined;
    } catch {
      return undefined;
    }
  };
  const clusterHost = eksHost(endpoint);
  const contextHost = eksHost(server);
  if (clusterHost && contextHost && clusterHost !== contextHost) {
    throw new UsageError(`kubeconfig context ${context} points at ${contextHost}, but EKS cluster ${options.name} is at ${clusterHost}: choose its context with --context`);
  }
}

/** What a user grants to fix an error: an IAM permission, or an RBAC verb on a resource. */
export function missingPermission(error: CollectionError): string {
  if (error.source === 'aws') return permissionOf({ service: error.service ?? '?', operation: error.operation });
  const resource = error.resource ?? '';
  const parts = resource.split('/');
  if (resource === 'v1/nodes/proxy') return `${error.operation} nodes/proxy`;
  const plural = parts[parts.length - 1] ?? resource;
  const group = parts.length === 3 ? parts[0] : '';
  return `${error.operation} ${group ? `${plural}.${group}` : plural}`;
}

interface Gap {
  permission: string;
  codes: Set<string>;
  targets: string[];
  errors: CollectionError[];
}

function gapsOf(errors: readonly CollectionError[]): Gap[] {
  const gaps = new Map<string, Gap>();
  for (const error of errors) {
    const permission = missingPermission(error);
    let gap = gaps.get(permission);
    if (!gap) gaps.set(permission, (gap = { permission, codes: new Set(), targets: [], errors: [] }));
    if (error.code !== undefined) gap.codes.add(String(error.code));
    if (error.target) gap.targets.push(error.target);
    gap.errors.push(error);
  }
  return [...gaps.values()].sort((a, b) => (a.permission < b.permission ? -1 : a.permission > b.permission ? 1 : 0));
}

function describeGap(gap: Gap): string {
  const codes = [...gap.codes].sort().join(', ') || 'failed';
  const targets = `${gap.targets.slice(0, 3).join(', ')}${gap.targets.length > 3 ? ', …' : ''}`;
  const calls = gap.errors.length > 1 ? `${gap.errors.length} calls${targets ? `: ${targets}` : ''}` : targets ? `for ${targets}` : '';
  return `${gap.permission} — ${codes}${calls ? ` (${calls})` : ''}`;
}

/** The strings a not-evaluated message quotes when a collection error is why. */
function mentionsOf(error: CollectionError): string[] {
  if (error.source === 'aws') return [permissionOf({ service: error.service ?? '', operation: error.operation })];
  const mentions: string[] = [];
  const resource = error.resource ?? '';
  if (resource) mentions.push(resource);
  const parts = resource.split('/');
  if (parts.length === 3) mentions.push(`${parts[2]}.${parts[0]}`);
  if (resource === 'v1/nodes/proxy') mentions.push('nodes/proxy');
  // Core-group failures are quoted by their Status message ("listing configmaps failed (403): …").
  if (error.message.length >= 20) mentions.push(error.message);
  return mentions;
}

/**
 * What could not be collected and which checks that left not evaluated, one block per missing
 * permission. Undefined when nothing failed.
 */
export function collectionAccount(allErrors: readonly CollectionError[], result?: ScanResult): string | undefined {
  // A principal that no longer exists was looked up successfully: it is a finding
  // (access-entry-stale-principal, irsa-trust-mismatch), not data that could not be collected.
  const errors = allErrors.filter((error) => error.code !== 'NoSuchEntity');
  if (errors.length === 0) return undefined;
  const notEvaluated = (result?.results ?? []).filter((entry) => entry.status === 'not-evaluated');
  const gaps = gapsOf(errors);
  const lines = [`Not collected (${gaps.length} ${gaps.length === 1 ? 'kind of call' : 'kinds of calls'} failed):`];
  for (const gap of gaps) {
    lines.push(`  ${describeGap(gap)}`);
    if (!result) continue;
    const mentions = gap.errors.flatMap(mentionsOf);
    const checks = [...new Set(notEvaluated.filter((entry) => mentions.some((text) => entry.message.includes(text))).map((entry) => entry.checkId))].sort();
    lines.push(checks.length > 0 ? `    left not evaluated: ${checks.join(', ')}` : '    left no check unevaluated');
  }
  return `${lines.join('\n')}\n`;
}

/** Objects by kind, most first, for the collection summary. */
export function objectsByKind(objects: readonly InventoryObject[]): string {
  const counts = new Map<string, number>();
  for (const { object } of objects) counts.set(object.kind ?? '?', (counts.get(object.kind ?? '?') ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
}

/** The collection summary `collect` prints: what was read, from where, and what was not. */
export function collectionSummary(collection: ClusterCollection): string {
  const { inventory, stats } = collection;
  const { source } = inventory;
  const who = [source.accountId ? `account ${source.accountId}` : 'account unknown', source.callerArn ? `as ${source.callerArn}` : ''].filter(Boolean).join(' ');
  const lines = [
    `Collected cluster ${source.cluster ?? '?'} (${source.region ?? '?'}, ${who}) through context ${source.kubeContext ?? '?'} in ${stats.seconds.toFixed(1)} s`,
    `  Kubernetes: ${inventory.objects.length} objects in ${stats.kubernetesRequests} requests${inventory.kubeletConfigs ? `, kubelet configuration of ${Object.keys(inventory.kubeletConfigs).length} nodes` : ''}`,
    `    ${objectsByKind(inventory.objects) || 'no objects'}`,
    `  AWS: ${stats.awsRequests} requests${stats.awsRetries > 0 ? ` (${stats.awsRetries} retried)` : ''}`,
  ];
  const account = collectionAccount(inventory.errors);
  lines.push(account ? account.trimEnd().replace(/^/gm, '  ') : '  Nothing failed: every call succeeded.');
  return `${lines.join('\n')}\n`;
}

/**
 * Prints the collection account after a scan: appended to the table report (standard output or
 * file), and on standard error unless the table already showed it on a terminal.
 */
export function printCollectionAccount(errors: readonly CollectionError[], io: CliIo): NonNullable<ScanExtras['afterOutputs']> {
  return (result, targets) => {
    const account = collectionAccount(errors, result);
    if (!account) return;
    let shownOnTerminal = false;
    for (const target of targets) {
      if (target.format !== 'table') continue;
      if (target.file === '-') {
        io.stdout.write(`\n${account}`);
        shownOnTerminal = io.stdout.isTTY === true;
      } else {
        appendFileSync(target.file, `\n${account}`);
      }
    }
    if (!shownOnTerminal) io.stderr.write(`eksguard: ${account}`);
  };
}

/** The options `collect` and `scan cluster` share, as commander parses them. */
export interface CollectionFlags {
  name?: string;
  region?: string;
  profile?: string;
  context?: string;
  kubeconfig?: string;
  kubeletConfig: boolean;
  eksToken: boolean;
  pageSize?: string;
  concurrency?: string;
  saveSnapshot?: string;
}

export function addCollectionOptions(command: Command): Command {
  return command
    .option('--name <cluster>', "EKS cluster name (required, except inside an EKS pod, where the pod's own cluster is found)")
    .option('--region <region>', 'AWS region of the cluster (default: AWS_REGION or AWS_DEFAULT_REGION)')
    .option('--profile <profile>', 'AWS shared-config profile (default: the standard credential chain)')
    .option('--context <context>', 'kubeconfig context (default: the current context)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, else ~/.kube/config)')
    .option('--eks-token', 'sign the EKS token in-process from the AWS credentials instead of using the kubeconfig user (no aws CLI needed; used anyway when there is no kubeconfig)', false)
    .option('--kubelet-config', "read each node's kubelet configuration through the API server's node proxy (needs get on nodes/proxy) for the CIS 3.2 kubelet checks", false)
    .option('--page-size <n>', `Kubernetes objects per list request (default ${DEFAULT_PAGE_SIZE})`)
    .option('--concurrency <n>', `Kubernetes requests in flight at once (default ${DEFAULT_CONCURRENCY})`);
}

function positiveInteger(flag: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max}, not "${value}"`);
  return number;
}

export function clusterSourceOptions(flags: CollectionFlags, env: NodeJS.ProcessEnv): ClusterSourceOptions {
  if (!flags.name) throw new UsageError('--name <cluster> is required');
  const region = flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new UsageError('--region <region> is required (or set AWS_REGION)');
  const options: ClusterSourceOptions = { name: flags.name, region, kubeletConfig: flags.kubeletConfig, eksToken: flags.eksToken };
  if (flags.profile !== undefined) options.profile = flags.profile;
  if (flags.context !== undefined) options.context = flags.context;
  if (flags.kubeconfig !== undefined) options.kubeconfig = flags.kubeconfig;
  const pageSize = positiveInteger('--page-size', flags.pageSize, 10_000);
  if (pageSize !== undefined) options.pageSize = pageSize;
  const concurrency = positiveInteger('--concurrency', flags.concurrency, 64);
  if (concurrency !== undefined) options.concurrency = concurrency;
  return options;
}

/** Writes a snapshot file, creating its directory; a file that cannot be written is a usage error. */
export function saveSnapshot(file: string, snapshot: Snapshot): number {
  try {
    mkdirSync(dirname(file), { recursive: true });
    return writeSnapshot(file, snapshot);
  } catch (error) {
    throw new UsageError(`cannot write snapshot to ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Collects the cluster the flags name, with progress on a terminal, into its canonical
 * snapshot: `collect` writes it, `scan cluster` scans it, so both see exactly the same data.
 */
export async function collectToSnapshot(
  flags: CollectionFlags,
  io: CliIo,
): Promise<{ options: ClusterSourceOptions; collection: ClusterCollection; snapshot: Snapshot }> {
  const options = clusterSourceOptions(flags, io.env);
  const status = progress(io.stderr);
  let collection: ClusterCollection;
  try {
    collection = await collectCluster(options, io, (text) => status.update(text));
  } finally {
    status.done();
  }
  return { options, collection, snapshot: snapshotOf(collection.inventory, { toolVersion: VERSION }) };
}
