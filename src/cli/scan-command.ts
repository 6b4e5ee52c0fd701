import type { Command } from 'commander';
import { Option } from 'commander';
import type { DataSource, ScanResult, Severity } from '../model/index.js';
import { isSeverity } from '../model/index.js';
import { failuresAtOrAbove } from '../checks/index.js';
import { FRAMEWORK_IDS } from '../frameworks/index.js';
import { AsffContextError, DEFAULT_MAX_PATHS, FORMATS, resolveAwsContext, type AwsContext } from '../report/index.js';
import { EXIT, UsageError } from './exit-codes.js';
import { addImageScanOptions, attachManifestImages, type ImageScanFlags } from './image-assessments-options.js';
import { recordScanHistory } from './history-store.js';
import type { CliIo } from './io.js';
import { outputTargets, type OutputTarget } from './output-targets.js';
import { loadPolicy } from './policy-loader.js';
import { progress } from './progress.js';
import { scanInventory, type FailOn, type ScanInput } from './scan-pipeline.js';
import { parseCount } from './option-values.js';
import { loadManifestSource } from './sources.js';
import { VERSION } from './version.js';
import { wantsColor, writeOutputs } from './write-outputs.js';

export interface ScanOptions {
  format: string;
  output: string[];
  failOn?: string;
  checks?: string;
  skipChecks?: string;
  config?: string;
  baseline: boolean;
  includePassed: boolean;
  ignoreInputErrors: boolean;
  color: boolean;
  /** false for --no-attack-paths. */
  attackPaths: boolean;
  paths?: string;
  /** Account and region for ASFF when the input does not name them (manifests). */
  awsAccount?: string;
  awsRegion?: string;
  /** Record the scan in this history file or postgres:// URL (else $EKSGUARD_DB, else ~/.eksguard/eksguard.db). */
  db?: string;
  /** false for --no-store. */
  store?: boolean;
  /** Only the checks of this framework, and its compliance in the reports. */
  framework?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function addScanOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format for standard output and plain --output files').choices([...FORMATS]).default('table'))
    .option('-o, --output <target>', 'write a report: FILE (in --format) or FORMAT=FILE; repeatable; - is standard output', collect, [])
    .option('--fail-on <severity>', 'exit 1 when unwaived findings at or above this severity exist: critical, high, medium, low, info or none (default: config failOn, else high)')
    .option('--checks <ids>', 'run only these checks (comma-separated ids or globs, e.g. "rbac-*,wl-privileged")')
    .option('--skip-checks <ids>', 'skip these checks (comma-separated ids or globs)')
    .option('--framework <id>', `only the checks of this compliance framework, with its per-control compliance in JSON: ${FRAMEWORK_IDS.join(', ')}`)
    .option('-c, --config <file>', 'configuration file (default: .eksguard.yaml in the current directory, if present)')
    .option('--no-baseline', 'drop the default EKS platform exceptions (aws-node, kube-proxy, coredns, ...)')
    .option('--include-passed', 'include passed results in the output', false)
    .option('--ignore-input-errors', 'do not exit 2 because some input could not be read', false)
    .option('--no-attack-paths', 'do not build the security graph: no attack paths, no risk scores')
    .option('--db <file|url>', 'record the scan in this history file or postgres:// database (default: $EKSGUARD_DB, else ~/.eksguard/eksguard.db; see `eksguard history`)')
    .option('--no-store', 'do not record the scan in the history')
    .option('--paths <n>', `attack paths listed in the table (default ${DEFAULT_MAX_PATHS}; 0 hides them; JSON, SARIF and JUnit list all)`)
    .option('--no-color', 'never colour the table output')
    .option('--aws-account <id>', 'AWS account id for asff output (default: the scanned cluster\'s account)')
    .option('--aws-region <region>', 'AWS region for asff output (default: the scanned cluster\'s region)');
}

/** How the command line narrowed the scan, for the history: narrowed scans are compared only with scans narrowed alike. */
function scopeOf(options: ScanOptions): string {
  const parts: string[] = [];
  if (options.framework !== undefined) parts.push(`framework:${options.framework}`);
  if (options.checks !== undefined) parts.push(`checks:${options.checks}`);
  if (options.skipChecks !== undefined) parts.push(`skip:${options.skipChecks}`);
  return parts.join(' ');
}

function parseFailOn(value: string | undefined, fallback: FailOn): FailOn {
  if (value === undefined) return fallback;
  if (value === 'none' || isSeverity(value)) return value;
  throw new UsageError(`--fail-on must be critical, high, medium, low, info or none, not "${value}"`);
}

function splitList(value: string | undefined, option: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  // An empty variable in a CI script must not turn the gate into a scan of nothing.
  if (items.length === 0) throw new UsageError(`${option} names no check`);
  return items;
}

export interface ScanExtras {
  /**
   * Data the input has beyond Kubernetes objects. Checks needing more are left out unless named
   * with --checks (manifests have no AWS data: 65 not-evaluated lines would only bury findings).
   */
  available?: readonly DataSource[];
  /** Called once every output is written, before the exit code is decided (collection accounts). */
  afterOutputs?: (result: ScanResult, targets: readonly OutputTarget[]) => void;
}

/**
 * Loads policy, scans, writes every output and decides the exit code. A collected inventory is
 * scanned as of its collection time (scannedAt = collectedAt), so scanning a snapshot again
 * gives the same report.
 */
export async function runScan(input: ScanInput, options: ScanOptions, io: CliIo, extras: ScanExtras = {}): Promise<number> {
  const targets = outputTargets(options.format, options.output);
  const policy = loadPolicy(
    {
      configFile: options.config,
      baseline: options.baseline,
      only: splitList(options.checks, '--checks'),
      skip: splitList(options.skipChecks, '--skip-checks'),
      ...(extras.available ? { available: extras.available } : {}),
    },
    io,
  );
  const failOn = parseFailOn(options.failOn, policy.failOn ?? 'high');
  const maxPaths = parseCount(options.paths, '--paths', DEFAULT_MAX_PATHS);
  const aws = awsContextOf(input, options);
  if (targets.some((target) => target.format === 'asff')) {
    try {
      resolveAwsContext(aws);
    } catch (error) {
      if (error instanceof AsffContextError) throw new UsageError(`asff output: ${error.message}`);
      throw error;
    }
  }
  const collectedAt = input.inventory.source.collectedAt;
  const { result, catalogue, analysisError } = scanInventory(input, policy, {
    includePassed: options.includePassed,
    attackPaths: options.attackPaths !== false,
    ...(collectedAt ? { now: new Date(collectedAt) } : {}),
    ...(options.framework !== undefined && { framework: options.framework }),
  });
  writeOutputs(targets, result, catalogue, {
    includePassed: options.includePassed,
    colorStdout: wantsColor(io.stdout, options.color, io.env),
    toolVersion: VERSION,
    stdout: io.stdout,
    maxPaths,
    aws,
    ...(options.framework !== undefined && { framework: options.framework }),
  });
  extras.afterOutputs?.(result, targets);
  await recordScanHistory(
    result,
    input.inventory.source,
    { db: options.db, store: options.store, scope: scopeOf(options), ranChecks: catalogue.map((check) => check.id) },
    io,
  );
  for (const error of input.inputErrors) {
    io.stderr.write(`eksguard: input error: ${error.file}${error.line ? `:${error.line}` : ''}: ${error.message}\n`);
  }
  if (analysisError) {
    // The reports carry it among the input errors; the findings in them are complete.
    io.stderr.write(`eksguard: ${analysisError.file} failed: ${analysisError.message} (the check results are complete; --no-attack-paths skips the analysis)\n`);
  }
  if (input.inputErrors.length > 0 && !options.ignoreInputErrors) return EXIT.usage;
  if (result.summary.byStatus.error > 0) {
    io.stderr.write(`eksguard: ${result.summary.byStatus.error} check evaluation(s) failed; see results with status "error"\n`);
    return EXIT.internal;
  }
  if (analysisError) return EXIT.internal;
  if (failOn !== 'none' && failuresAtOrAbove(result, failOn satisfies Severity) > 0) return EXIT.findings;
  return EXIT.ok;
}

/** --aws-account and --aws-region win over what the collected inventory records. */
function awsContextOf(input: ScanInput, options: ScanOptions): AwsContext {
  const source = input.inventory.source;
  const accountId = options.awsAccount ?? source.accountId;
  const region = options.awsRegion ?? source.region;
  return {
    ...(accountId !== undefined && { accountId }),
    ...(region !== undefined && { region }),
    ...(source.cluster !== undefined && { cluster: source.cluster }),
  };
}

export function registerScanCommands(program: Command, io: CliIo, setExit: (code: number) => void): Command {
  const scan = program.command('scan').description('scan manifests, a snapshot or a live cluster');

  addScanOptions(
    addImageScanOptions(
      scan
        .command('manifests')
        .description('scan Kubernetes manifests: files, directories (recursive), or - for standard input')
        .argument('<paths...>', 'files or directories of YAML/JSON manifests, Helm output, kubectl get -o yaml|json dumps; - reads standard input')
        .addHelpText(
          'after',
          '\nExamples:\n  eksguard scan manifests ./k8s --fail-on high --format sarif -o eksguard.sarif\n  helm template my-chart | eksguard scan manifests -\n  kubectl get all,roles,rolebindings,clusterroles,clusterrolebindings,networkpolicies,ns -A -o yaml | eksguard scan manifests -\n  eksguard scan manifests ./k8s -o json=report.json -o sarif=report.sarif --format table\n  eksguard scan manifests ./k8s --scan-images --image-db ./osv',
        ),
    ),
  ).action(async (paths: string[], options: ScanOptions & ImageScanFlags) => {
    const status = progress(io.stderr);
    try {
      const source = await loadManifestSource(paths, io, status);
      // The images the manifests name, read from their registries: the image checks then run too.
      const images = await attachManifestImages(source, options, io);
      setExit(await runScan(source.input, options, io, { available: [...(source.available ?? []), ...(images ? (['images'] as const) : [])] }));
    } finally {
      status.done();
    }
  });
  return scan;
}
