/**
 * Which EKS cluster a kubeconfig context points at, for `kubectl eksguard`: the cluster name and
 * region, read from what `aws eks update-kubeconfig` (or aws-iam-authenticator, or eksctl)
 * wrote into the kubeconfig, so the plugin can run `eksguard scan cluster` without asking.
 */
import type { KubeConfig } from '@kubernetes/client-node';

/** Where a derived value came from, in the words the plugin's notes use. */
export type IdentitySource = 'cluster ARN' | 'exec args' | 'exec env' | 'server host';

export interface EksIdentity {
  /** The context the values were read from. */
  context: string;
  name?: { value: string; from: IdentitySource };
  region?: { value: string; from: IdentitySource };
}

// EKS allows 1-100 letters, digits, hyphens and underscores, starting with a letter or digit.
const CLUSTER_NAME = /^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$/;
// us-east-1, us-gov-west-1, cn-north-1, eu-isoe-west-1: never a flag, never a path.
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
// arn:<partition>:eks:<region>:<account>:cluster/<name>, as update-kubeconfig names clusters.
const CLUSTER_ARN = /^arn:aws(?:-[a-z]+)*:eks:([^:]+):\d{12}:cluster\/(.+)$/;
// <id>.<cell>.<region>.eks.amazonaws.com (.cn in the China partition).
const EKS_HOST = /\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.eks\.amazonaws\.com(?:\.cn)?$/;

export const isClusterName = (value: string): boolean => CLUSTER_NAME.test(value);
export const isRegion = (value: string): boolean => REGION.test(value);

/** Name and region from an EKS cluster ARN; undefined for anything else or a malformed part. */
export function parseClusterArn(value: string): { name: string; region: string } | undefined {
  const match = CLUSTER_ARN.exec(value);
  if (!match || !isRegion(match[1]!) || !isClusterName(match[2]!)) return undefined;
  return { name: match[2]!, region: match[1]! };
}

/** The region of an EKS API server address; undefined for other hosts or a broken URL. */
export function regionOfServer(server: string): string | undefined {
  let host: string;
  try {
    host = new URL(server).hostname;
  } catch {
    return undefined;
  }
  return EKS_HOST.exec(host)?.[1];
}

/** The value of `--flag V` or `--flag=V` in an argument list (the first one). */
function flagValue(args: readonly string[], flags: readonly string[]): string | undefined {
  for (const [index, arg] of args.entries()) {
    if (flags.includes(arg)) return args[index + 1];
    const equals = flags.find((flag) => flag.startsWith('--') && arg.startsWith(`${flag}=`));
    if (equals) return arg.slice(equals.length + 1);
  }
  return undefined;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** The program an exec plugin runs, without its directory or .exe (`/usr/local/bin/aws` → aws). */
function programOf(command: string): string {
  return (command.split(/[\\/]/).pop() ?? '').replace(/\.exe$/i, '').toLowerCase();
}

/**
 * Name and region from a kubeconfig user's exec plugin: `aws [--region R] eks get-token
 * --cluster-name N [--region R]` or `aws-iam-authenticator token -i N` (`--cluster-id N`), and
 * AWS_REGION / AWS_DEFAULT_REGION in the plugin's env. The exec block is untrusted data.
 */
export function identityOfExec(exec: unknown): { name?: string; region?: string; regionFrom?: IdentitySource } {
  if (typeof exec !== 'object' || exec === null) return {};
  const { command, args: rawArgs, env: rawEnv } = exec as Record<string, unknown>;
  if (typeof command !== 'string') return {};
  const args = strings(rawArgs);
  const program = programOf(command);
  let name: string | undefined;
  if (program === 'aws' && args.includes('get-token')) name = flagValue(args, ['--cluster-name']);
  else if (program === 'aws-iam-authenticator' && args.includes('token')) name = flagValue(args, ['-i', '--cluster-id']);
  else return {};
  const result: { name?: string; region?: string; regionFrom?: IdentitySource } = {};
  if (name !== undefined && isClusterName(name)) result.name = name;
  const argRegion = flagValue(args, ['--region']);
  if (argRegion !== undefined && isRegion(argRegion)) return { ...result, region: argRegion, regionFrom: 'exec args' };
  const env = Array.isArray(rawEnv) ? rawEnv : [];
  for (const variable of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const entry: unknown = env.find((item: unknown) => typeof item === 'object' && item !== null && (item as { name?: unknown }).name === variable);
    const value = (entry as { value?: unknown } | undefined)?.value;
    if (typeof value === 'string' && isRegion(value)) return { ...result, region: value, regionFrom: 'exec env' };
  }
  return result;
}

/**
 * The EKS cluster behind a context of a loaded kubeconfig, each value from the first source that
 * has it: the cluster entry's name when it is an EKS cluster ARN, then the user's exec plugin,
 * then (region only) the API server host. A value that is not a valid cluster name or region is
 * not taken, so a hostile kubeconfig cannot smuggle a flag into the command line.
 */
export function eksIdentityOf(config: KubeConfig, contextName: string): EksIdentity {
  const identity: EksIdentity = { context: contextName };
  const context = config.getContextObject(contextName);
  if (!context) return identity;
  const arn = parseClusterArn(context.cluster);
  if (arn) {
    identity.name = { value: arn.name, from: 'cluster ARN' };
    identity.region = { value: arn.region, from: 'cluster ARN' };
  }
  const user = context.user ? config.getUser(context.user) : null;
  const exec = identityOfExec(user?.exec);
  if (!identity.name && exec.name) identity.name = { value: exec.name, from: 'exec args' };
  if (!identity.region && exec.region) identity.region = { value: exec.region, from: exec.regionFrom ?? 'exec args' };
  const server = config.getCluster(context.cluster)?.server;
  const hostRegion = server ? regionOfServer(server) : undefined;
  if (!identity.region && hostRegion) identity.region = { value: hostRegion, from: 'server host' };
  return identity;
}
