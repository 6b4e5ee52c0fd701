/**
 * What every `eksguard detect` mode shares — rules, sinks, deduplication, snapshot enrichment,
 * severity filters, the summary and the exit code — so files, CloudTrail folders, CloudWatch Logs
 * follow mode and the audit webhook behave the same way.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { PostureIndex } from '../detect/enrich/posture-index.js';
import type { ReadStats } from '../detect/events/index.js';
import { summaryLines } from '../detect/output/alert-text.js';
import { DetectionPipeline } from '../detect/pipeline.js';
import { RuleEngine } from '../detect/rules/index.js';
import { parseDuration } from '../detect/rules/threshold-window.js';
import { AlertDeduplicator, createSink, DeadLetterFile, parseSinkHeader, parseSinkSpec, SinkConfigError, type AlertSink, type SinkHeader, type SinkSpec } from '../detect/sinks/index.js';
import { InventoryView } from '../inventory/index.js';
import { isSeverity, type Severity } from '../model/index.js';
import { collect, loadRulesOrFail } from './detect-rules.js';
import { addDetectRespondOptions, openDetectResponder, type DetectRespondFlags } from './detect-respond.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { loadPolicy } from './policy-loader.js';
import { scanInventory } from './scan-pipeline.js';
import { loadSnapshotArgument } from './sources.js';
import { VERSION } from './version.js';

export interface DetectCommonOptions extends DetectRespondFlags {
  rules: string[];
  format?: 'text' | 'jsonl';
  minSeverity: string;
  failOn: string;
  sink: string[];
  sinkHeader: string[];
  deadLetter?: string;
  dedupWindow: string;
  snapshot?: string;
  intel: string[];
}

/** `scan`'s convention: exit 1 when something at or above high is found, unless told otherwise. */
export const DEFAULT_DETECT_FAIL_ON = 'high';

export function addDetectOptions(command: Command): Command {
  return addDetectRespondOptions(command)
    .option('-r, --rules <file|dir>', 'also load these rule files (YAML); repeatable; they may use the built-in lists and macros', collect, [])
    .addOption(new Option('-f, --format <format>', 'format of stdout alerts: text (readable lines) or jsonl (one JSON alert a line); default text on a terminal, else jsonl').choices(['text', 'jsonl']))
    .option('--min-severity <severity>', 'send only alerts at or above this severity', 'info')
    .option('--fail-on <severity>', 'exit 1 when an alert at or above this severity was raised: critical, high, medium, low, info or none', DEFAULT_DETECT_FAIL_ON)
    .option('--sink <spec>', 'where alerts go: stdout, stdout=text|jsonl, file=PATH, webhook=URL, slack=URL (URL may be env:VARIABLE); repeatable; default stdout', collect, [])
    .option('--sink-header <header>', "header for webhook sinks, 'Name: value' or 'Name: env:VARIABLE'; repeatable", collect, [])
    .option('--dead-letter <file>', 'alerts a webhook or Slack sink could not deliver after its retries, as JSON lines')
    .option('--dedup-window <duration>', 'drop an alert equal to one sent less than this before (e.g. 10m, 1h; 0 sends every one)', '10m')
    .option('--intel <name=file>', 'threat-intel IP list (one IP or CIDR a line, # comments) for the listed-IP rules, e.g. tor=tor-exits.txt; repeatable; the name cluster-egress marks your own NAT addresses', collect, [])
    .option('--snapshot <file>', 'a snapshot from `eksguard collect`: alerts carry posture context (workload, exposure, IAM roles, attack paths, findings) and alerts on attack paths are raised one severity');
}

function severityOption(value: string, flag: string, allowNone: boolean): Severity | 'none' {
  if (isSeverity(value) || (allowNone && value === 'none')) return value;
  throw new UsageError(`${flag} must be critical, high, medium, low, info${allowNone ? ' or none' : ''}, not "${value}"`);
}

function dedupWindowMs(text: string): number {
  if (text.trim() === '0') return 0;
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`--dedup-window must be a duration like 30s, 10m or 1h (or 0), not "${text}"`);
  return ms;
}

function parsed<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new UsageError(result.error);
  return result.value;
}

export interface DetectSession {
  readonly engine: RuleEngine;
  readonly pipeline: DetectionPipeline;
  /** Flushes and closes the sinks, writes the summary to stderr and returns the exit code. */
  finish(read: ReadStats, extraLines?: readonly string[]): Promise<number>;
  /**
   * Runs the work, then finishes — also when the work throws, so what reached the sinks is
   * delivered (or dead-lettered) and the summary printed before the error propagates.
   */
  complete(work: () => Promise<void>, read: () => ReadStats, extraLines?: () => readonly string[]): Promise<number>;
}

/**
 * Loads rules, opens sinks and, with --snapshot, scans the snapshot for posture context. Usage
 * problems (bad rule files, sink specs, severities) throw UsageError before any input is read.
 */
export async function openDetectSession(io: CliIo, options: DetectCommonOptions, command: string, displayFile: (file: string) => string): Promise<DetectSession> {
  const minSeverity = severityOption(options.minSeverity, '--min-severity', false) as Severity;
  const failOn = severityOption(options.failOn, '--fail-on', true);
  const windowMs = dedupWindowMs(options.dedupWindow);
  const specs: SinkSpec[] = (options.sink.length > 0 ? options.sink : ['stdout']).map((text) => parsed(parseSinkSpec(text)));
  const headers: SinkHeader[] = options.sinkHeader.map((text) => parsed(parseSinkHeader(text)));
  const { loaded } = loadRulesOrFail(io, options.rules, options.intel);
  const enrich = options.snapshot ? await postureOf(io, options.snapshot) : undefined;

  const warn = (message: string) => io.stderr.write(`eksguard ${command}: ${message}\n`);
  const format = options.format ?? (io.stdout.isTTY ? 'text' : 'jsonl');
  const sinks: AlertSink[] = [];
  let responder: Awaited<ReturnType<typeof openDetectResponder>>;
  try {
    const deadLetter = options.deadLetter ? DeadLetterFile.open(resolve(io.cwd, options.deadLetter), { onError: warn }) : undefined;
    for (const spec of specs) {
      sinks.push(await createSink(spec, { stdout: io.stdout, format, env: io.env, cwd: io.cwd, userAgent: `eksguard/${VERSION}`, headers, ...(deadLetter ? { deadLetter } : {}), warn }));
    }
    responder = await openDetectResponder(io, options, command);
    if (responder) sinks.push(responder);
  } catch (error) {
    await Promise.all(sinks.map((sink) => sink.close()));
    if (error instanceof SinkConfigError) throw new UsageError(error.message);
    throw error;
  }

  const engine = new RuleEngine(loaded.rules);
  const dedup = windowMs > 0 ? new AlertDeduplicator({ windowMs }) : undefined;
  let batchErrors = 0;
  const onBatchError = (error: Error) => {
    // The first few in full; a sink down for hours must not flood the log.
    if (++batchErrors <= 5) warn(`a batch was not delivered and goes back to its source: ${error.message}`);
  };
  const pipeline = new DetectionPipeline({ engine, sinks, minSeverity, failOn, onBatchError, ...(dedup ? { dedup } : {}), ...(enrich ? { enrich: (alert) => enrich.enrich(alert) } : {}) });
  const session: DetectSession = {
    engine,
    pipeline,
    async complete(work, read, extraLines = () => []) {
      try {
        await work();
      } catch (error) {
        await session.finish(read(), extraLines());
        throw error;
      }
      return session.finish(read(), extraLines());
    },
    async finish(read, extraLines = []) {
      await pipeline.close();
      const lines = summaryLines({ read, engine: engine.stats, alerts: pipeline.stats.alerts, hidden: pipeline.stats.hidden, displayFile });
      if (dedup && dedup.stats.suppressed > 0) lines.splice(2, 0, `duplicates: ${dedup.stats.suppressed} repeat(s) within ${options.dedupWindow} not sent`);
      if (engine.stats.thresholdKeysEvicted > 0) lines.push(`threshold rules: ${engine.stats.thresholdKeysEvicted} key(s) evicted to bound memory (some bursts may be missed)`);
      for (const sink of sinks) {
        const { delivered, failed, retries } = sink.stats;
        if (failed > 0 || retries > 0 || sink.name !== 'stdout') lines.push(`sink ${sink.name}: ${delivered} delivered${retries ? `, ${retries} retried` : ''}${failed ? `, ${failed} failed${options.deadLetter ? ` (dead letters in ${options.deadLetter})` : ''}` : ''}`);
      }
      if (responder) lines.push(...responder.summary());
      const undelivered = sinks.reduce((sum, sink) => sum + sink.stats.failed, 0);
      if (undelivered > 0) lines.push(`WARNING: ${undelivered} alert delivery(ies) failed${options.deadLetter ? `; see ${options.deadLetter}` : ' and no --dead-letter file keeps them'}`);
      if (pipeline.stats.failedBatches > 0) lines.push(`${pipeline.stats.failedBatches} batch(es) failed delivery and were handed back to their source`);
      lines.push(...extraLines);
      io.stderr.write(lines.map((line) => `eksguard ${command}: ${line}`).join('\n') + '\n');
      return pipeline.stats.failing ? EXIT.findings : EXIT.ok;
    },
  };
  return session;
}

/** Scans the snapshot (checks and attack paths, with the default or configured policy) for alert context. */
async function postureOf(io: CliIo, file: string): Promise<PostureIndex> {
  const { inventory, inputErrors } = await loadSnapshotArgument(resolve(io.cwd, file), io);
  const policy = loadPolicy({ baseline: true }, io);
  const collectedAt = inventory.source.collectedAt;
  const { result, analysisError } = scanInventory({ inventory, inputErrors }, policy, { includePassed: false, attackPaths: true, ...(collectedAt ? { now: new Date(collectedAt) } : {}) });
  if (analysisError) io.stderr.write(`eksguard: ${analysisError.message}; alerts get posture context without attack paths\n`);
  return PostureIndex.build(new InventoryView(inventory), result.results, result.attackPaths ?? []);
}
