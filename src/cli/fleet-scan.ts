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
import { ScanStore, StoreError } from '../store/index.js';
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
import { historyPath, scanMeta } from './history-store.js';
import type { CliIo } from './io.js';
import { loadPolicy, type LoadedPolicy } from './policy-loader.js';
import { VERSION } from './version.js';

export interface FleetScanFlags extends FleetFlags {
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
  scope: string;
  outputDir: string | undefined;
  timeoutMs: number;
  retries: number;
  io: CliIo;
}

/** Records the scan and writes its report; a failure here fails the cluster, as nothing of it was kept. */
async function keep(cluster: DiscoveredCluster, scan: ClusterScan, runner: Runner, report: ClusterReport): Promise<void> {
  if (runner.outputDir) {
    const file = join(runner.outputDir, `${fileName(cluster)}.json`);
    writeFileSync(file, renderReport('json', scan.result, scan.catalogue, { includePassed: false, color: false, toolVersion: VERSION }));
    report.report = file;
  }
  if (runner.store) {
    const meta = scanMeta(scan.source, runner.io.cwd);
    meta.cluster = { ...meta.cluster, name: cluster.name, arn: cluster.arn, accountId: cluster.accountId, region: cluster.region };
    if (runner.scope) meta.scope = runner.scope;
    meta.ranChecks = scan.catalogue.map((check) => check.id);
    report.scanId = await runner.store.recordScan(scan.result, meta);
  }
}

async function scanOne(cluster: DiscoveredCluster, credentials: Parameters<typeof scanFleetCluster>[0]['credentials'] | undefined, runner: Runner): Promise<ClusterReport> {
  const started = Date.now();
  const report: ClusterReport = { accountId: cluster.accountId, region: cluster.region, name: cluster.name, arn: cluster.arn, status: 'failed', attempts: 0, seconds: 0 };
  if (!credentials) {
    report.failure = { kind: 'denied', message: 'no credentials for its account' };
    return report;
  }
  const notice = retryNotice(runner.io);
  const outcome = await withAttempts((signal) => scanFleetCluster({ cluster, credentials, policy: runner.policy, signal, timeoutMs: runner.timeoutMs }, runner.io), {
    timeoutMs: runner.timeoutMs,
    retries: runner.retries,
    classify: classifyClusterError,
    onRetry: (attempt, failure, delay) => notice(place(cluster), attempt, failure.message, delay),
  });
  report.attempts = outcome.attempts;
  if (outcome.ok) {
    try {
      await keep(cluster, outcome.value, runner, report);
      report.status = 'scanned';
      report.failures = { ...outcome.value.result.summary.failuresBySeverity };
    } catch (error) {
      report.failure = { kind: 'failed', message: `scanned but not kept: ${error instanceof Error ? error.message : String(error)}` };
    }
  } else {
    report.failure = outcome.failure;
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

async function openStore(flags: FleetScanFlags, io: CliIo): Promise<ScanStore | undefined> {
  if (flags.store === false) return undefined;
  const location = historyPath(flags.db, io);
  try {
    return await ScanStore.open(location);
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(error.message);
    throw new UsageError(`cannot open the scan history: ${error instanceof Error ? error.message : String(error)}`);
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
  const policy = loadPolicy({ baseline: true, only: scan.checks }, io);
  const failOn: FleetFailOn = parseFailOn(flags.failOn) ?? scan.failOn ?? policy.failOn ?? 'high';
  const store = await openStore(flags, io);
  try {
    const discovery = await discoverWith(config, scan, io);
    const clusters = inShard(discovery.clusters, shard);
    io.stderr.write(
      `eksguard: scanning ${clusters.length} of ${discovery.clusters.length} cluster${discovery.clusters.length === 1 ? '' : 's'}${shard.count > 1 ? ` (shard ${shard.index}/${shard.count})` : ''}, ${scan.concurrency} at a time${store ? `, into ${store.location}` : ''}\n`,
    );
    const runner: Runner = {
      policy,
      store,
      scope: scan.checks ? `checks:${scan.checks.join(',')}` : '',
      outputDir,
      timeoutMs: scan.timeoutSeconds * 1000,
      retries: scan.retries,
      io,
    };
    let done = 0;
    const reports = await mapBounded(clusters, scan.concurrency, async (cluster) => {
      const report = await scanOne(cluster, discovery.credentials.get(cluster.accountId), runner);
      done += 1;
      io.stderr.write(`${progressLine(report, done, clusters.length)}\n`);
      return report;
    });
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
