import type { Command } from 'commander';
import { Option } from 'commander';
import { isSeverity, severityRank, type AttackPath, type ScanResult, type Severity } from '../model/index.js';
import { builtInQueries } from '../graph/index.js';
import { renderPaths, type PathsFormat } from '../report/index.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { loadPolicy } from './policy-loader.js';
import { parseCount } from './option-values.js';
import { scanInventory, type FailOn } from './scan-pipeline.js';
import { registerSourceCommands, reportCollectionGaps, type LoadedSource, type SourceKind } from './sources.js';
import { VERSION } from './version.js';
import { wantsColor } from './write-outputs.js';

interface PathsOptions {
  format: PathsFormat;
  query?: string;
  minScore?: string;
  limit?: string;
  failOn?: string;
  config?: string;
  baseline: boolean;
  ignoreInputErrors: boolean;
  color: boolean;
}

function addPathsOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .option('--query <ids>', 'only paths these queries find (comma-separated query ids, e.g. sa-escalation-to-cluster-admin)')
    .option('--min-score <n>', 'only paths scoring at least this (0–100)')
    .option('--limit <n>', 'at most this many paths, highest score first')
    .option('--fail-on <severity>', 'exit 1 when a path listed is at or above this severity: critical, high, medium, low, info or none', 'none')
    .option('-c, --config <file>', 'configuration file whose exceptions and check settings apply (default: .eksguard.yaml, if present)')
    .option('--no-baseline', 'drop the default EKS platform exceptions')
    .option('--ignore-input-errors', 'do not exit 2 because some input could not be read', false)
    .option('--no-color', 'never colour the table output');
}

const ABOUT =
  '\nPaths come from the security graph of the input (Internet, load balancers, workloads, service\n' +
  'accounts, RBAC, IAM roles, nodes, NetworkPolicy reachability), searched by the built-in attack-path\n' +
  'queries; every step names the object and field that creates it, and the checks whose findings do.\n' +
  'The checks run too, so each path lists the findings to fix to break it.\n';

const EXAMPLES: Record<SourceKind, string> = {
  manifests:
    `${ABOUT}\nExamples:\n  eksguard paths manifests examples/shop\n  eksguard paths manifests examples/shop --query lateral-to-secrets --format json\n  cat examples/shop/50-ci-rbac.yaml | eksguard paths manifests - --min-score 80 --fail-on critical`,
  snapshot:
    `${ABOUT}\nExamples:\n  eksguard paths snapshot examples/prod.snapshot.json.gz\n  eksguard paths snapshot examples/prod.snapshot.json.gz --limit 5 --format json > paths.json\n  eksguard paths snapshot examples/prod.snapshot.json.gz --query sa-escalation-to-cluster-admin,lateral-to-secrets`,
  cluster:
    `${ABOUT}\nExamples:\n  eksguard paths cluster --name prod --region eu-west-1\n  eksguard paths cluster --name prod --region eu-west-1 --min-score 85 --save-snapshot prod.snapshot.json.gz`,
};

/** `eksguard paths manifests|snapshot|cluster`: ranked attack paths with their evidence. */
export function registerPathsCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const paths = program
    .command('paths')
    .description('list the attack paths in manifests, a snapshot or a live cluster, ranked, with the evidence of every step')
    .addHelpText('after', `\nExamples:\n  eksguard paths manifests examples/shop\n  eksguard paths snapshot examples/prod.snapshot.json.gz --format json\n  eksguard paths cluster --name prod --region eu-west-1 --min-score 80`);
  registerSourceCommands<PathsOptions>(
    paths,
    {
      descriptions: {
        manifests: 'list the attack paths in Kubernetes manifests: files, directories (recursive), or - for standard input',
        snapshot: 'list the attack paths in a snapshot written by `eksguard collect`, offline',
        cluster: 'collect an EKS cluster (read-only) and list its attack paths',
      },
      addOptions: addPathsOptions,
      help: EXAMPLES,
      run: (source, options) => runPaths(source, options, io),
    },
    io,
    setExit,
  );
}

export function runPaths(source: LoadedSource, options: PathsOptions, io: CliIo): number {
  const failOn = parseFailOn(options.failOn);
  const queries = parseQueries(options.query);
  const minScore = parseCount(options.minScore, '--min-score', 0, 100);
  const limit = options.limit === undefined ? undefined : parseCount(options.limit, '--limit', 0);
  const policy = loadPolicy(
    { configFile: options.config, baseline: options.baseline, ...(source.available ? { available: source.available } : {}) },
    io,
  );
  const { input } = source;
  const collectedAt = input.inventory.source.collectedAt;
  const { result, analysisError } = scanInventory(input, policy, {
    includePassed: false,
    attackPaths: true,
    ...(collectedAt ? { now: new Date(collectedAt) } : {}),
  });
  if (analysisError) {
    io.stderr.write(`eksguard: ${analysisError.message}\n`);
    return EXIT.internal;
  }
  const all = result.attackPaths ?? [];
  let shown: AttackPath[] = all.filter((path) => (!queries || queries.has(path.query)) && path.score >= minScore);
  if (limit !== undefined) shown = shown.slice(0, limit);
  const filter = [
    queries ? `--query ${[...queries].join(',')}` : '',
    options.minScore !== undefined ? `--min-score ${minScore}` : '',
    limit !== undefined ? `--limit ${limit}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  io.stdout.write(
    renderPaths(options.format, limitsOfQueries(result, queries), shown, {
      color: options.format === 'table' && wantsColor(io.stdout, options.color, io.env),
      toolVersion: VERSION,
      ...(filter && { filter }),
    }),
  );
  reportCollectionGaps(source, io);
  for (const error of input.inputErrors) {
    io.stderr.write(`eksguard: input error: ${error.file}${error.line ? `:${error.line}` : ''}: ${error.message}\n`);
  }
  if (input.inputErrors.length > 0 && !options.ignoreInputErrors) return EXIT.usage;
  if (failOn !== 'none' && shown.some((path) => severityRank(path.severity) >= severityRank(failOn))) return EXIT.findings;
  return EXIT.ok;
}

/**
 * The scan with only the path limits of the queries asked for: another query stopping at its
 * limit says nothing about the paths listed.
 */
export function limitsOfQueries(result: ScanResult, queries: ReadonlySet<string> | undefined): ScanResult {
  if (!queries || !result.attackPathLimitsReached) return result;
  return { ...result, attackPathLimitsReached: result.attackPathLimitsReached.filter((query) => queries.has(query)) };
}

function parseFailOn(value: string | undefined): FailOn {
  if (value === undefined || value === 'none') return 'none';
  if (isSeverity(value)) return value satisfies Severity;
  throw new UsageError(`--fail-on must be critical, high, medium, low, info or none, not "${value}"`);
}

/** The query ids asked for; an unknown one is a usage error naming the known ones. */
function parseQueries(value: string | undefined): Set<string> | undefined {
  if (value === undefined) return undefined;
  const asked = value.split(',').map((item) => item.trim()).filter(Boolean);
  const known = builtInQueries().map((query) => query.id);
  if (asked.length === 0) throw new UsageError(`--query names no query (known: ${known.join(', ') || 'none'})`);
  const unknown = asked.filter((id) => !known.includes(id));
  if (unknown.length > 0) throw new UsageError(`unknown attack-path query ${unknown.join(', ')} (known: ${known.join(', ') || 'none'})`);
  return new Set(asked);
}
