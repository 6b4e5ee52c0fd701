import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InventorySource, ScanResult } from '../model/index.js';
import { ScanStore, StoreError, type ScanMeta } from '../store/index.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';

/** The history file: --db, else $EKSGUARD_DB, else ~/.eksguard/eksguard.db. */
export function historyPath(db: string | undefined, io: CliIo): string {
  const chosen = db ?? io.env.EKSGUARD_DB;
  if (chosen) return chosen;
  if (!io.env.HOME) throw new UsageError('no history file: pass --db FILE or set EKSGUARD_DB (HOME is not set)');
  return join(io.env.HOME, '.eksguard', 'eksguard.db');
}

/** Opens the history for reading; undefined when the file does not exist yet. */
export function openHistory(path: string): ScanStore | undefined {
  if (path !== ':memory:' && !existsSync(path)) return undefined;
  return openOrExplain(path);
}

function openOrExplain(path: string): ScanStore {
  try {
    return ScanStore.open(path);
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(error.message);
    throw new UsageError(`cannot open the history file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Where a scan came from, as the store records it. Manifest paths are made absolute, so `.` in
 * two repositories are two targets and `./k8s` and `k8s` one.
 */
export function scanMeta(source: InventorySource, cwd: string): ScanMeta {
  const meta: ScanMeta = { sourceType: source.type };
  if (source.cluster) {
    const cluster: NonNullable<ScanMeta['cluster']> = { name: source.cluster };
    if (source.accountId) cluster.accountId = source.accountId;
    if (source.region) cluster.region = source.region;
    if (source.region && source.accountId) cluster.arn = `arn:${partitionOf(source.region)}:eks:${source.region}:${source.accountId}:cluster/${source.cluster}`;
    meta.cluster = cluster;
  } else if (source.paths && source.paths.length > 0) {
    meta.target = source.paths.map((path) => (path === '-' ? '-' : resolve(cwd, path))).join(' ');
  }
  return meta;
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Scans kept per cluster (or target) when recording, unless EKSGUARD_HISTORY_KEEP says otherwise (0: keep all). */
export const DEFAULT_HISTORY_KEEP = 200;

export interface RecordChoice {
  /** --db FILE. */
  db?: string;
  /** false for --no-store. */
  store?: boolean;
  /** How the command line narrowed the scan (see ScanMeta.scope). */
  scope?: string;
  /** The checks that ran. */
  ranChecks?: readonly string[];
}

/**
 * Records a finished scan in the history (--db, else $EKSGUARD_DB, else ~/.eksguard/eksguard.db)
 * unless --no-store, then applies the retention (the newest EKSGUARD_HISTORY_KEEP scans of each
 * cluster or target stay). A failure to record is reported and never changes the scan's exit
 * code: the gate is the scan, not its history. Without HOME and without a named file there is
 * nowhere to record, and that is not worth a warning.
 */
export function recordScanHistory(result: ScanResult, source: InventorySource, choice: RecordChoice, io: CliIo): void {
  if (choice.store === false) return;
  const path = choice.db ?? io.env.EKSGUARD_DB ?? (io.env.HOME ? join(io.env.HOME, '.eksguard', 'eksguard.db') : undefined);
  if (!path) return;
  try {
    const store = openOrExplain(path);
    try {
      const meta = scanMeta(source, io.cwd);
      if (choice.scope) meta.scope = choice.scope;
      if (choice.ranChecks) meta.ranChecks = choice.ranChecks;
      const id = store.recordScan(result, meta);
      let keep = DEFAULT_HISTORY_KEEP;
      try {
        keep = historyKeep(io.env.EKSGUARD_HISTORY_KEEP);
      } catch (error) {
        // Recorded all the same: a bad retention setting must not lose the scan.
        io.stderr.write(`eksguard: ${error instanceof Error ? error.message : String(error)}; keeping ${DEFAULT_HISTORY_KEEP}\n`);
      }
      const pruned = keep > 0 ? store.prune({ keepLast: keep }) : 0;
      io.stderr.write(`eksguard: recorded as scan ${id} in ${path}${pruned > 0 ? ` (${pruned} older scan${pruned === 1 ? '' : 's'} pruned, keeping ${keep})` : ''}\n`);
    } finally {
      store.close();
    }
  } catch (error) {
    io.stderr.write(`eksguard: the scan was not recorded in ${path}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

function historyKeep(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_HISTORY_KEEP;
  if (!/^\d+$/.test(value)) throw new UsageError(`EKSGUARD_HISTORY_KEEP must be a whole number (0 keeps every scan), not "${value}"`);
  return Number(value);
}
