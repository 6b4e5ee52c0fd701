/**
 * `kubectl eksguard …`: eksguard as a kubectl plugin (bin/kubectl-eksguard.js). kubectl runs any
 * `kubectl-<name>` executable on PATH with the remaining arguments and its environment
 * (KUBECONFIG included), but without giving its own flags a meaning: a `--context` here is an
 * argument like any other. So the plugin reads `--context`/`--kubeconfig` wherever they are,
 * finds the EKS cluster the context points at, and runs the eksguard command with the cluster
 * named, so `kubectl eksguard scan` scans the cluster kubectl talks to.
 */
import { resolve } from 'node:path';
import { KubeconfigError, loadKubeconfig } from '../collect/kube/index.js';
import { printable } from '../report/terminal-text.js';
import { EXIT, UsageError } from './exit-codes.js';
import { processIo, type CliIo } from './io.js';
import { eksIdentityOf, type EksIdentity } from './kubectl-context.js';
import { runCli } from './main.js';

/** Commands that collect one EKS cluster (addCollectionOptions): they need --name and --region. */
export const COLLECTION_COMMANDS: readonly string[] = ['scan cluster', 'collect', 'paths cluster', 'graph cluster', 'who-can cluster'];

/**
 * Other commands that take --context and --kubeconfig: they get the plugin's flags, wherever
 * they were, and nothing derived. `compliance` reads manifests or a snapshot unless --name is
 * given; respond and detect --respond may reach the cluster without a kubeconfig (--cluster).
 */
export const CONTEXT_COMMANDS: readonly string[] = ['compliance', 'respond', 'respond undo', 'detect', 'detect cloudtrail', 'detect serve'];

const SCAN_SOURCES = new Set(['manifests', 'snapshot', 'cluster']);

const HELP = `kubectl eksguard: eksguard as a kubectl plugin, on the cluster of your kubeconfig context

Usage:
  kubectl eksguard <command> [options]      any eksguard command (see kubectl eksguard --help-all)
  kubectl eksguard scan [options]           scan the cluster of the current context (or --context)
  kubectl eksguard version

The EKS cluster name and region come from the context: its cluster entry when it is named by
an EKS cluster ARN (as \`aws eks update-kubeconfig\` writes), else the user's exec plugin
(\`aws eks get-token --cluster-name N --region R\`, \`aws-iam-authenticator token -i N\`, AWS_REGION
in its env), else (region only) the API server host. --name and --region override them.
--context and --kubeconfig go after \`eksguard\` (kubectl refuses flags before a plugin name) and
are handed to every command that talks to the cluster: scan cluster, collect, paths|graph|who-can
cluster, compliance, respond, detect [cloudtrail|serve] --respond. Other commands run unchanged.

Examples:
  kubectl eksguard scan
  kubectl eksguard scan --context arn:aws:eks:eu-west-1:111122223333:cluster/prod --fail-on high
  kubectl eksguard scan --format sarif -o eksguard.sarif --eks-token
  kubectl eksguard collect -o prod.snapshot.json.gz
  kubectl eksguard who-can cluster get secrets -n kube-system
  kubectl eksguard checks list
`;

/** The plugin's own flags, taken out of the arguments, and what is left. */
export interface PluginArgs {
  context?: string;
  kubeconfig?: string;
  rest: string[];
}

/** Takes --context and --kubeconfig (`--flag V` or `--flag=V`) from anywhere before `--`. */
export function splitPluginFlags(argv: readonly string[]): PluginArgs {
  const result: PluginArgs = { rest: [] };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') {
      result.rest.push(...argv.slice(index));
      break;
    }
    const flag = (['context', 'kubeconfig'] as const).find((name) => arg === `--${name}` || arg.startsWith(`--${name}=`));
    if (!flag) {
      result.rest.push(arg);
      continue;
    }
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++index];
    if (value === undefined || value === '') throw new UsageError(`--${flag} needs a value`);
    result[flag] = value;
  }
  return result;
}

/** The eksguard command the arguments name (longest known path), and how it takes a cluster. */
export function commandOf(rest: readonly string[]): { path: string[]; kind: 'collection' | 'context' | 'other' } {
  const words: string[] = [];
  for (const arg of rest) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  for (let length = Math.min(words.length, 2); length > 0; length--) {
    const path = words.slice(0, length);
    const name = path.join(' ');
    if (COLLECTION_COMMANDS.includes(name)) return { path, kind: 'collection' };
    if (CONTEXT_COMMANDS.includes(name)) return { path, kind: 'context' };
  }
  return { path: words.slice(0, 1), kind: 'other' };
}

const hasFlag = (args: readonly string[], flag: string): boolean => {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === flag || arg.startsWith(`${flag}=`));
};

/** What the plugin runs: the eksguard arguments and a note for stderr (the cluster it derived). */
export interface PluginPlan {
  argv: string[];
  note?: string;
}

/**
 * The eksguard command line for the plugin's arguments. Reads the kubeconfig only for commands
 * that collect a cluster; a context that does not tell the cluster name or region is a usage
 * error saying which, unless --name/--region (or AWS_REGION for the region) give it.
 */
export function planPluginRun(argv: readonly string[], io: Pick<CliIo, 'env' | 'cwd'>): PluginPlan {
  const flags = splitPluginFlags(argv);
  let rest = flags.rest;
  // `kubectl eksguard scan --fail-on high`: scan means the cluster of the context.
  if (rest[0] === 'scan' && !SCAN_SOURCES.has(rest[1] ?? '')) rest = ['scan', 'cluster', ...rest.slice(1)];
  const { path, kind } = commandOf(rest);
  if (kind === 'other') return { argv: [...argv] };
  const kubeconfig = flags.kubeconfig !== undefined ? resolve(io.cwd, flags.kubeconfig) : undefined;
  const after = rest.slice(path.length);
  const given = [...(flags.context !== undefined ? ['--context', flags.context] : []), ...(kubeconfig !== undefined ? ['--kubeconfig', kubeconfig] : [])];
  const help = hasFlag(after, '--help') || hasFlag(after, '-h');
  if (kind === 'context' || help) return { argv: [...path, ...given, ...after] };

  const identity = contextIdentity(flags.context, kubeconfig, io.env);
  const added: string[] = [];
  const missing: Array<keyof typeof WHY_MISSING> = [];
  if (!hasFlag(after, '--name')) {
    if (identity.name) added.push('--name', identity.name.value);
    else missing.push('name');
  }
  if (!hasFlag(after, '--region')) {
    if (identity.region) added.push('--region', identity.region.value);
    // eksguard itself falls back to AWS_REGION, after what the kubeconfig says.
    else if (!io.env.AWS_REGION && !io.env.AWS_DEFAULT_REGION) missing.push('region');
  }
  if (missing.length > 0) throw new UsageError(missingMessage(identity, missing));
  const argvOut = [...path, ...added, '--context', identity.context, ...(kubeconfig !== undefined ? ['--kubeconfig', kubeconfig] : []), ...after];
  return added.length > 0 ? { argv: argvOut, note: derivedNote(identity, added) } : { argv: argvOut };
}

function contextIdentity(context: string | undefined, kubeconfig: string | undefined, env: NodeJS.ProcessEnv): EksIdentity {
  try {
    // In a pod with no kubeconfig, loadKubeconfig would use the service account: the plugin is
    // about a kubeconfig context, so it asks for one.
    const connection = loadKubeconfig({ ...(kubeconfig !== undefined ? { kubeconfig } : {}), ...(context !== undefined ? { context } : {}), env: { ...env, KUBERNETES_SERVICE_HOST: '' } });
    if (!connection) throw new UsageError('no kubeconfig (KUBECONFIG, ~/.kube/config or --kubeconfig): run `aws eks update-kubeconfig --name NAME`, or use `eksguard scan cluster --name NAME --region REGION`');
    return eksIdentityOf(connection.config, connection.context);
  } catch (error) {
    if (error instanceof KubeconfigError) throw new UsageError(error.message);
    throw error;
  }
}

const WHY_MISSING = {
  name: 'EKS cluster name: its cluster is not named by an EKS cluster ARN and its user runs neither `aws eks get-token --cluster-name` nor `aws-iam-authenticator token -i`; pass --name NAME',
  region:
    'region: no cluster ARN, no --region or AWS_REGION in its exec plugin, its server is not an EKS endpoint, and AWS_REGION is not set; pass --region REGION',
} as const;

function missingMessage(identity: EksIdentity, missing: ReadonlyArray<keyof typeof WHY_MISSING>): string {
  return [`cannot tell which EKS cluster context "${identity.context}" is:`, ...missing.map((item) => `  ${WHY_MISSING[item]}`)].join('\n');
}

/** `context C: cluster N (from the cluster ARN), region R (from …)`, for what was added only. */
function derivedNote(identity: EksIdentity, added: readonly string[]): string {
  const parts: string[] = [];
  if (identity.name && added.includes('--name')) parts.push(`cluster ${identity.name.value} (from the ${identity.name.from})`);
  if (identity.region && added.includes('--region')) parts.push(`region ${identity.region.value} (from the ${identity.region.from})`);
  return `context ${identity.context}: ${parts.join(', ')}`;
}

/** Runs the plugin and resolves to its exit code, as runCli does for `eksguard`. */
export async function runKubectlPlugin(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  if (first === '--help-all') return runCli(['--help'], io);
  if (first === 'version') return runCli(['--version'], io);
  let plan: PluginPlan;
  try {
    plan = planPluginRun(argv, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // The message quotes kubeconfig values: shown escaped, line by line.
    io.stderr.write(`kubectl eksguard: ${error.message.split('\n').map(printable).join('\n')}\n`);
    return EXIT.usage;
  }
  if (plan.note) io.stderr.write(`kubectl eksguard: ${printable(plan.note)}\n`);
  return runCli(plan.argv, io);
}
