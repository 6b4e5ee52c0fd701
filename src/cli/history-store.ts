import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InventorySource, ScanResult } from '../model/index.js';
import { ScanStore, StoreError, isPostgresUrl, redactLocation, redactText, type ScanMeta } from '../store/index.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';

/** What --db takes, for option help: a file, or a PostgreSQL database. */
export const DB_OPTION_HELP = 'history file, or a postgres://user@host/database URL (default: $EKSGUARD_DB, else ~/.eksguard/eksguard.db)';

/** The history: --db, else $EKSGUARD_DB, else ~/.eksguard/eksguard.db. A file path or a postgres:// URL. */
export function historyPath(db: string | undefined, io: CliIo): string {
  const chosen = db ?? io.env.EKSGUARD_DB;
  if (chosen) return chosen;
  if (!io.env.HOME) throw new UsageError('no history file: pass --db FILE (or a postgres:// URL) or set EKSGUARD_DB (HOME is not set)');
  return join(io.env.HOME, '.eksguard', 'eksguard.db');
}

/** Opens the history for reading; undefined when it is a file that does not exist yet (a database is always opened). */
export async function openHistory(location: string): Promise<ScanStore | undefined> {
  if (location !== ':memory:' && !isPostgresUrl(location) && !existsSync(location)) return undefined;
  return openOrExplain(location);
}

async function openOrExplain(location: string): Promise<ScanStore> {
  try {
    return await ScanStore.open(location);
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(error.message);
    const what = isPostgresUrl(location) ? 'the history database' : 'the history file';
    throw new UsageError(`cannot open ${what} ${redactLocation(location)}: ${redactText(error instanceof Error ? error.message : String(error), location)}`);
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
export async function recordScanHistory(result: ScanResult, source: InventorySource, choice: RecordChoice, io: CliIo): Promise<void> {
  if (choice.store === false) return;
  const location = choice.db ?? io.env.EKSGUARD_DB ?? (io.env.HOME ? join(io.env.HOME, '.eksguard', 'eksguard.db') : undefined);
  if (!location) return;
  const shown = redactLocation(location);
  try {
    const store = await openOrExplain(location);
    try {
      const meta = scanMeta(source, io.cwd);
      if (choice.scope) meta.scope = choice.scope;
      if (choice.ranChecks) meta.ranChecks = choice.ranChecks;
      const id = await store.recordScan(result, meta);
      let keep = DEFAULT_HISTORY_KEEP;
      try {
        keep = historyKeep(io.env.EKSGUARD_HISTORY_KEEP);
      } catch (error) {
        // Recorded all the same: a bad retention setting must not lose the scan.
        io.stderr.write(`eksguard: ${error instanceof Error ? error.message : String(error)}; keeping ${DEFAULT_HISTORY_KEEP}\n`);
      }
      let pruned: number | Error = 0;
      try {
        if (keep > 0) pruned = await store.prune({ keepLast: keep });
      } catch (error) {
        // The scan is in the store all the same: say so, and why the retention did not apply.
        pruned = error instanceof Error ? error : new Error(String(error));
      }
      io.stderr.write(`eksguard: recorded as scan ${id} in ${shown}${pruneNote(pruned, keep, location)}\n`);
    } finally {
      await store.close();
    }
  } catch (error) {
    io.stderr.write(`eksguard: the scan was not recorded in ${shown}: ${redactText(error instanceof Error ? error.message : String(error), location)}\n`);
  }
}

function pruneNote(pruned: number | Error, keep: number, location: string): string {
  if (pruned instanceof Error) return `; older scans were not pruned: ${redactText(pruned.message, location)}`;
  return pruned > 0 ? ` (${pruned} older scan${pruned === 1 ? '' : 's'} pruned, keeping ${keep})` : '';
}

export function historyKeep(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_HISTORY_KEEP;
  if (!/^\d+$/.test(value)) throw new UsageError(`EKSGUARD_HISTORY_KEEP must be a whole number (0 keeps every scan), not "${value}"`);
  return Number(value);
}
