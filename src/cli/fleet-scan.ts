/**
 * `eksguard fleet scan`: discover, keep this shard's clusters, then collect, scan and record each
 * with bounded concurrency, a deadline per attempt and retries for failures that may pass. One
 * cluster's failure is reported and never stops the others; a cluster is recorded only once
 * its scan finished in time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SEVERITIES, isSeverity, type Severity } from '../model/index.js';
import { renderReport } from '../report/index.js';
import { ScanStore, StoreError, redactLocation, redactText } from '../store/index.js';
import {
  inShard,
  mapBounded,
  parseShard,
  progressLine,
  ShardError,
  summaryText,
  withAttempts,
  zeroFailures,
  place,
  type ClusterReport,
  type DiscoveredCluster,
  type FleetFailOn,
  type FleetSummary,
  type Shard,
} from '../fleet/index.js';
import { EXIT, UsageError } from './exit-codes.js';
import { classifyClusterError, scanFleetCluster, type ClusterScan } from './fleet-cluster-scan.js';
import { discoverWith } from './fleet-discover.js';
import { applyFlags, loadFleetConfig, retryNotice, type FleetFlags } from './fleet-options.js';
import { DEFAULT_HISTORY_KEEP, historyKeep, historyPath, scanMeta } from './history-store.js';
import type { CliIo } from './io.js';
import { loadPolicy, type LoadedPolicy } from './policy-loader.js';
import { VERSION } from './version.js';

export interface FleetScanFlags extends FleetFlags {
  /** The .eksguard.yaml to scan by (checks, exceptions, failOn), as `scan --config`. */
  policy?: string;
  db?: string;
  /** false for --no-store. */
  store?: boolean;
  shard?: string;
  failOn?: string;
  outputDir?: string;
  /** text: progress and summary on stderr only; json: also the summary as JSON on stdout. */
  format: 'text' | 'json';
}

function parseFailOn(value: string | undefined): FleetFailOn | undefined {
  if (value === undefined) return undefined;
  if (value === 'none' || isSeverity(value)) return value;
  throw new UsageError(`--fail-on must be critical, high, medium, low, info or none, not "${value}"`);
}

function atOrAbove(failures: Readonly<Record<Severity, number>>, failOn: FleetFailOn): number {
  if (failOn === 'none') return 0;
  return SEVERITIES.slice(0, SEVERITIES.indexOf(failOn) + 1).reduce((sum, severity) => sum + failures[severity], 0);
}

/** A name safe as one path segment, for --output-dir files. */
function fileName(cluster: DiscoveredCluster): string {
  return `${cluster.accountId}_${cluster.region}_${cluster.name}`.replace(/[^\w.-]/g, '_');
}

interface Runner {
  policy: LoadedPolicy;
  store: ScanStore | undefined;
  /** The store's location as given, to redact its password from error messages. */
  location: string;
  scope: string;
  outputDir: string | undefined;
  timeoutMs: number;
  retries: number;
  io: CliIo;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Writes the cluster's report and records its scan, each whatever became of the other (a
 * database down must not cost the report, nor a full disk the record); what failed, if anything.
 */
async function keep(cluster: DiscoveredCluster, scan: ClusterScan, runner: Runner, report: ClusterReport): Promise<string[]> {
  const problems: string[] = [];
  if (runner.outputDir) {
    const file = join(runner.outputDir, `${fileName(cluster)}.json`);
    try {
      writeFileSync(file, renderReport('json', scan.result, scan.catalogue, { includePassed: false, color: false, toolVersion: VERSION }));
      report.report = file;
    } catch (error) {
      problems.push(`its report was not written: ${messageOf(error)}`);
    }
  }
  if (runner.store) {
    const meta = scanMeta(scan.source, runner.io.cwd);
    meta.cluster = { ...meta.cluster, name: cluster.name, arn: cluster.arn, accountId: cluster.accountId, region: cluster.region };
    if (runner.scope) meta.scope = runner.scope;
    meta.ranChecks = scan.catalogue.map((check) => check.id);
    try {
      report.scanId = await runner.store.recordScan(scan.result, meta);
    } catch (error) {
      problems.push(`not recorded: ${redactText(messageOf(error), runner.location)}`);
    }
  }
  return problems;
}

async function scanOne(cluster: DiscoveredCluster, runner: Runner): Promise<ClusterReport> {
  const started = Date.now();
  const report: ClusterReport = { accountId: cluster.accountId, region: cluster.region, name: cluster.name, arn: cluster.arn, status: 'failed', attempts: 0, seconds: 0 };
  const notice = retryNotice(runner.io);
  const outcome = await withAttempts((signal) => scanFleetCluster({ cluster, policy: runner.policy, signal, timeoutMs: runner.timeoutMs }, runner.io), {
    timeoutMs: runner.timeoutMs,
    retries: runner.retries,
    classify: classifyClusterError,
    onRetry: (attempt, failure, delay) => notice(place(cluster), attempt, failure.message, delay),
  });
  report.attempts = outcome.attempts;
  if (outcome.ok) {
    const problems = await keep(cluster, outcome.value, runner, report);
    if (problems.length === 0) {
      report.status = 'scanned';
      report.failures = { ...outcome.value.result.summary.failuresBySeverity };
    } else {
      report.failure = { kind: 'failed', message: `scanned but ${problems.join('; ')}` };
    }
  } else {
    report.failure = outcome.failure;
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

async function openStore(location: string): Promise<ScanStore> {
  try {
    return await ScanStore.open(location);
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(redactText(error.message, location));
    throw new UsageError(`cannot open the scan history ${redactLocation(location)}: ${redactText(messageOf(error), location)}`);
  }
}

/**
 * The retention `scan` applies after recording (the newest EKSGUARD_HISTORY_KEEP scans of each
 * cluster stay), once for the whole run. The scans are recorded whatever becomes of it.
 */
async function applyRetention(store: ScanStore, location: string, io: CliIo): Promise<void> {
  let keepLast = DEFAULT_HISTORY_KEEP;
  try {
    keepLast = historyKeep(io.env.EKSGUARD_HISTORY_KEEP);
  } catch (error) {
    io.stderr.write(`eksguard: ${messageOf(error)}; keeping ${DEFAULT_HISTORY_KEEP}\n`);
  }
  if (keepLast === 0) return;
  try {
    const pruned = await store.prune({ keepLast });
    if (pruned > 0) io.stderr.write(`eksguard: ${pruned} older scan${pruned === 1 ? '' : 's'} pruned, keeping ${keepLast} per cluster, in ${store.location}\n`);
  } catch (error) {
    io.stderr.write(`eksguard: older scans were not pruned in ${store.location}: ${redactText(messageOf(error), location)}\n`);
  }
}

function shardOf(flags: FleetScanFlags): Shard {
  try {
    return flags.shard === undefined ? { index: 0, count: 1 } : parseShard(flags.shard);
  } catch (error) {
    if (error instanceof ShardError) throw new UsageError(error.message);
    throw error;
  }
}

export async function runFleetScan(flags: FleetScanFlags, io: CliIo): Promise<number> {
  const started = Date.now();
  const config = loadFleetConfig(flags.config, io);
  const scan = applyFlags(config, flags);
  const shard = shardOf(flags);
  const outputDir = flags.outputDir === undefined ? undefined : resolve(io.cwd, flags.outputDir);
  if (outputDir) {
    try {
      mkdirSync(outputDir, { recursive: true });
    } catch (error) {
      throw new UsageError(`cannot create --output-dir ${flags.outputDir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const policy = loadPolicy({ configFile: flags.policy, baseline: true, only: scan.checks }, io);
  const failOn: FleetFailOn = parseFailOn(flags.failOn) ?? scan.failOn ?? policy.failOn ?? 'high';
  const location = flags.store === false ? undefined : historyPath(flags.db, io);
  const store = location === undefined ? undefined : await openStore(location);
  try {
    const discovery = await discoverWith(config, scan, io);
    const clusters = inShard(discovery.clusters, shard);
    io.stderr.write(
      `eksguard: scanning ${clusters.length} of ${discovery.clusters.length} cluster${discovery.clusters.length === 1 ? '' : 's'}${shard.count > 1 ? ` (shard ${shard.index}/${shard.count})` : ''}, ${scan.concurrency} at a time${store ? `, into ${store.location}` : ''}\n`,
    );
    const runner: Runner = {
      policy,
      store,
      location: location ?? '',
      scope: scan.checks ? `checks:${scan.checks.join(',')}` : '',
      outputDir,
      timeoutMs: scan.timeoutSeconds * 1000,
      retries: scan.retries,
      io,
    };
    let done = 0;
    const reports = await mapBounded(clusters, scan.concurrency, async (cluster) => {
      const report = await scanOne(cluster, runner);
      done += 1;
      io.stderr.write(`${progressLine(report, done, clusters.length)}\n`);
      return report;
    });
    if (store && location !== undefined && reports.some((report) => report.scanId !== undefined)) await applyRetention(store, location, io);
    const failures = zeroFailures();
    for (const report of reports) for (const severity of SEVERITIES) failures[severity] += report.failures?.[severity] ?? 0;
    const scanned = reports.filter((report) => report.status === 'scanned').length;
    const partial = scanned < reports.length || discovery.errors.length > 0;
    const exitCode = partial ? EXIT.partial : atOrAbove(failures, failOn) > 0 ? EXIT.findings : EXIT.ok;
    const summary: FleetSummary = {
      schemaVersion: 1,
      kind: 'EksguardFleetScan',
      shard,
      discovered: discovery.clusters.length,
      scanned,
      failed: reports.length - scanned,
      failOn,
      failures,
      clusters: reports,
      errors: discovery.errors,
      seconds: (Date.now() - started) / 1000,
      exitCode,
    };
    io.stderr.write(summaryText(summary));
    if (flags.format === 'json') io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return exitCode;
  } finally {
    await store?.close();
  }
}
