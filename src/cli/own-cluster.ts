/**
 * The EKS cluster a pod runs in, for `scan cluster` and `collect` without `--name` (the Helm
 * chart's scanner CronJob): the pod's service-account token names its issuer, and EKS gives every
 * cluster its own OIDC issuer (`https://oidc.eks.<region>.amazonaws.com/id/<ID>`), which
 * eks:DescribeCluster reports as `identity.oidc.issuer`. So the cluster is the one of the region
 * whose issuer is the token's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { DescribeClusterCommand, EKSClient, paginateListClusters } from '@aws-sdk/client-eks';
import { awsEndpoints, envCredentials } from './cluster-source.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Where the kubelet mounts the pod's service-account token (automountServiceAccountToken). */
export const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Another token file to read instead: a projected serviceAccountToken volume mounted elsewhere
 * (a pod that does not automount its token still has one to identify its cluster with).
 */
export const TOKEN_FILE_VARIABLE = 'EKSGUARD_SERVICE_ACCOUNT_TOKEN';

/** DescribeCluster calls in flight at once while looking for the issuer. */
const DESCRIBE_CONCURRENCY = 8;

export interface OwnCluster {
  name: string;
  region: string;
  /** The OIDC issuer the pod's token and the cluster share. */
  issuer: string;
}

export interface OwnClusterOptions {
  env: NodeJS.ProcessEnv;
  /** --region; else AWS_REGION, AWS_DEFAULT_REGION, else the issuer's region. */
  region?: string;
  profile?: string;
  /** The flag that names a cluster in the calling command (`--name`, `--cluster`), for the errors. */
  nameFlag?: string;
}

/** The pod's token file, or undefined outside a pod (no KUBERNETES_SERVICE_HOST, or no token). */
export function podTokenFile(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.KUBERNETES_SERVICE_HOST) return undefined;
  const file = env[TOKEN_FILE_VARIABLE] || SERVICE_ACCOUNT_TOKEN;
  return existsSync(file) ? file : undefined;
}

/**
 * The `iss` claim of a JWT. The signature is not verified, on purpose: the issuer only picks which
 * cluster to read, and grants nothing; every call is still authorised by AWS (the role's
 * credentials) and by the API server (which does verify the token).
 */
export function tokenIssuer(token: string, file: string): string {
  const parts = token.trim().split('.');
  const payload = parts.length === 3 ? parts[1] : undefined;
  if (!payload || !/^[A-Za-z0-9_-]+$/.test(payload)) throw new UsageError(`${file} is not a service-account token (a JWT: three base64url parts)`);
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new UsageError(`${file}: the token's payload is not JSON`);
  }
  const issuer = typeof claims === 'object' && claims !== null ? (claims as { iss?: unknown }).iss : undefined;
  if (typeof issuer !== 'string' || issuer === '') throw new UsageError(`${file}: the token has no "iss" (issuer) claim`);
  return issuer;
}

const EKS_ISSUER = /^https:\/\/oidc\.eks\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?\/id\/[A-Za-z0-9]+\/?$/;

/** The region of an EKS OIDC issuer; undefined when the issuer is not one (another Kubernetes). */
export function issuerRegion(issuer: string): string | undefined {
  return EKS_ISSUER.exec(issuer)?.[1];
}

const sameIssuer = (a: string, b: string): boolean => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

const isDenied = (error: unknown): boolean =>
  error instanceof Error && /AccessDenied|UnauthorizedOperation|UnrecognizedClient|InvalidClientTokenId|ExpiredToken/.test(error.name);

/**
 * Finds the EKS cluster of the pod this runs in. A usage error (exit 2) that says to pass the
 * cluster's name when this is not a pod, not EKS, the cluster cannot be listed, or none matches.
 */
export async function findOwnCluster(options: OwnClusterOptions): Promise<OwnCluster> {
  const flag = options.nameFlag ?? '--name';
  const { env } = options;
  const file = podTokenFile(env);
  if (!file) {
    // Outside a pod, the message of a missing flag, as before pods could go without it.
    const where = env[TOKEN_FILE_VARIABLE] || SERVICE_ACCOUNT_TOKEN;
    throw new UsageError(`${flag} <cluster> is required${env.KUBERNETES_SERVICE_HOST ? ` (no service-account token at ${where} to find this pod's cluster by)` : ''}`);
  }
  let token: string;
  try {
    token = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the service-account token ${file} (${describeError(error)}); pass ${flag} <cluster>`);
  }
  const issuer = tokenIssuer(token, file);
  const fromIssuer = issuerRegion(issuer);
  if (!fromIssuer) throw new UsageError(`the service-account token's issuer ${issuer} is not an EKS cluster's OIDC issuer: pass ${flag} <cluster> and --region`);
  const region = options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || fromIssuer;
  const found = await clusterWithIssuer(issuer, region, options, flag);
  if (found) return { name: found, region, issuer };
  const elsewhere = region !== fromIssuer ? ` (the issuer is in ${fromIssuer}: try --region ${fromIssuer})` : '';
  throw new UsageError(`no EKS cluster in ${region} has the OIDC issuer ${issuer} of this pod's token${elsewhere}; pass ${flag} <cluster>`);
}

/** eks:ListClusters (every page) then eks:DescribeCluster until one has the issuer. */
async function clusterWithIssuer(issuer: string, region: string, options: OwnClusterOptions, flag: string): Promise<string | undefined> {
  const credentials = envCredentials(options.env, options.profile);
  const endpoint = awsEndpoints(options.env).eks;
  const eks = new EKSClient({
    region,
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(credentials ? { credentials } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
  const failures: string[] = [];
  try {
    const names: string[] = [];
    try {
      for await (const page of paginateListClusters({ client: eks }, {})) names.push(...(page.clusters ?? []));
    } catch (error) {
      const grant = isDenied(error) ? ', or grant eks:ListClusters to find the cluster by itself' : '';
      throw new UsageError(`eks:ListClusters in ${region} failed (${describeError(error)}): pass ${flag} <cluster>${grant}`);
    }
    for (let start = 0; start < names.length; start += DESCRIBE_CONCURRENCY) {
      const batch = names.slice(start, start + DESCRIBE_CONCURRENCY);
      const issuers = await Promise.all(
        batch.map(async (name) => {
          try {
            const { cluster } = await eks.send(new DescribeClusterCommand({ name }));
            return cluster?.identity?.oidc?.issuer;
          } catch (error) {
            failures.push(`${name}: ${describeError(error)}`);
            return undefined;
          }
        }),
      );
      const index = issuers.findIndex((candidate) => candidate !== undefined && sameIssuer(candidate, issuer));
      if (index >= 0) return batch[index];
    }
  } finally {
    eks.destroy();
  }
  // A cluster that could not be described may be the one: say so rather than "none matches".
  if (failures.length > 0) {
    throw new UsageError(`eks:DescribeCluster failed for ${failures.length} cluster(s) in ${region} (${failures.slice(0, 3).join('; ')}${failures.length > 3 ? '; …' : ''}), none of the others has this pod's issuer ${issuer}: pass ${flag} <cluster>`);
  }
  return undefined;
}

/**
 * The collection flags with the cluster filled in when `--name` is absent and this runs in a pod;
 * unchanged when `--name` is given. Says on standard error which cluster it found.
 */
export async function withOwnCluster<Flags extends { name?: string; region?: string; profile?: string }>(flags: Flags, io: CliIo): Promise<Flags> {
  if (flags.name) {
    const region = flags.region || io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION ? undefined : podIssuerRegion(io);
    return region ? { ...flags, region } : flags;
  }
  const own = await findOwnCluster({
    env: io.env,
    ...(flags.region !== undefined ? { region: flags.region } : {}),
    ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
  });
  io.stderr.write(`eksguard: running in EKS cluster ${own.name} (${own.region}), found by the OIDC issuer of the pod's service-account token\n`);
  return { ...flags, name: own.name, region: own.region };
}

/**
 * A pod's region, from its token issuer, for when --name is given but no region anywhere (no
 * --region, AWS_REGION or AWS_DEFAULT_REGION: Pod Identity sets none). Outside a pod, or with a
 * token of another issuer, undefined, and the usual "needs --region" applies. Says on standard
 * error where the region came from: a pod may be scanning a cluster other than its own.
 */
export function podIssuerRegion(io: CliIo): string | undefined {
  const file = podTokenFile(io.env);
  if (!file) return undefined;
  let region: string | undefined;
  try {
    region = issuerRegion(tokenIssuer(readFileSync(file, 'utf8'), file));
  } catch {
    // An unreadable or foreign token leaves the region unknown, as without a pod.
    return undefined;
  }
  if (region) io.stderr.write(`eksguard: region ${region}, from the OIDC issuer of the pod's service-account token\n`);
  return region;
}
