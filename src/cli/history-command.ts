import type { Command } from 'commander';
import { Option } from 'commander';
import { SEVERITIES, type Severity } from '../model/index.js';
import { StoreError, redactLocation, totalOf, type FindingRow, type PruneOptions, type ScanDiff, type ScanRow, type ScanStore } from '../store/index.js';
import { printable } from '../report/terminal-text.js';
import { parseWhole } from './option-values.js';
import { EXIT, UsageError } from './exit-codes.js';
import { DB_OPTION_HELP, historyPath, openHistory } from './history-store.js';
import type { CliIo } from './io.js';

interface HistoryOptions {
  db?: string;
  cluster?: string;
  limit: string;
  format: 'table' | 'json';
}

interface DiffOptions {
  db?: string;
  format: 'table' | 'json';
}

interface PruneCommandOptions {
  db?: string;
  keepLast?: string;
  olderThan?: string;
}

type Trend = 'up' | 'down' | 'same';
const ARROWS: Record<Trend, string> = { up: '↑', down: '↓', same: '=' };
const SHORT: Record<Severity, string> = { critical: 'CRIT', high: 'HIGH', medium: 'MED', low: 'LOW', info: 'INFO' };

/** `eksguard history` and `eksguard diff`: the scans recorded with --db / $EKSGUARD_DB. */
export function registerHistoryCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const history = program
    .command('history')
    .description('list recorded scans, newest first, with failures by severity and the trend against the previous scan')
    .option('--db <file|url>', DB_OPTION_HELP)
    .option('--cluster <name>', 'only scans of this cluster (or manifest paths)')
    .option('--limit <n>', 'at most this many scans', '20')
    .addOption(new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .addHelpText(
      'after',
      '\nEvery scan is recorded in ~/.eksguard/eksguard.db unless run with --no-store (--db FILE or EKSGUARD_DB choose another file,\nor a PostgreSQL database shared by many scanners: --db postgres://user@host/database).\n\nExamples:\n  eksguard history\n  eksguard history --cluster prod --limit 5\n  eksguard history --db ci/eksguard.db --format json\n  eksguard history --db postgres://eksguard@db.internal/eksguard --limit 50\n  eksguard history prune --keep-last 30 --older-than 90',
    )
    .action(async (options: HistoryOptions) => setExit(await runHistory(options, io)));

  history
    .command('prune')
    .description('delete old scans with their findings: keep the newest N of every cluster (or target), drop those older than D days')
    .option('--db <file|url>', DB_OPTION_HELP)
    .option('--keep-last <n>', 'keep at least the newest N scans of every cluster or target')
    .option('--older-than <days>', 'delete scans recorded more than this many days ago (never one of the --keep-last newest)')
    .addHelpText('after', '\nExamples:\n  eksguard history prune --keep-last 30\n  eksguard history prune --older-than 90 --keep-last 5')
    .action(async (options: PruneCommandOptions) => setExit(await runPrune(options, io)));

  program
    .command('diff')
    .description('compare two recorded scans: new, fixed and unchanged failures, matched by fingerprint')
    .argument('<scanA>', 'the earlier scan id (see `eksguard history`)')
    .argument('<scanB>', 'the later scan id')
    .option('--db <file|url>', DB_OPTION_HELP)
    .addOption(new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .addHelpText('after', '\nExamples:\n  eksguard diff 12 15\n  eksguard diff 12 15 --format json > drift.json')
    .action(async (a: string, b: string, options: DiffOptions) => setExit(await runDiff(parseId(a), parseId(b), options, io)));
}

function parseId(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`a scan id is a positive whole number, not "${value}"`);
  return Number(value);
}

function parseLimit(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new UsageError(`--limit must be a positive whole number, not "${value}"`);
  return Number(value);
}

async function withStore<T>(location: string, use: (store: ScanStore) => Promise<T>): Promise<T | undefined> {
  const store = await openHistory(location);
  if (!store) return undefined;
  try {
    return await use(store);
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}

export async function runHistory(options: HistoryOptions, io: CliIo): Promise<number> {
  const limit = parseLimit(options.limit);
  const location = historyPath(options.db, io);
  const shown = redactLocation(location);
  const rows =
    (await withStore(location, async (store) => {
      const scans = await store.listScans({ ...(options.cluster !== undefined ? { cluster: options.cluster } : {}), limit });
      const listed = [];
      for (const scan of scans) {
        const previous = await store.previousScan(scan);
        listed.push({ scan, previous: previous?.id, trend: previous ? trendOf(totalOf(previous.failures), totalOf(scan.failures)) : undefined });
      }
      return listed;
    })) ?? [];
  if (options.format === 'json') {
    const scans = rows.map(({ scan, previous, trend }) => ({ ...scanJson(scan), previousScan: previous ?? null, trend: trend ?? null }));
    io.stdout.write(`${JSON.stringify({ db: shown, scans }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (rows.length === 0) {
    io.stdout.write(`No scans recorded in ${shown}${options.cluster ? ` for ${options.cluster}` : ''}.\n`);
    return EXIT.ok;
  }
  const header = ['ID', 'TIME', 'SOURCE', 'SCORE', ...SEVERITIES.map((severity) => SHORT[severity]), 'TREND'];
  const lines = rows.map(({ scan, trend }) => [
    String(scan.id),
    scan.startedAt.replace(/\.\d+Z$/, 'Z'),
    sourceLabel(scan),
    scan.score === null ? '-' : `${scan.score}%`,
    ...SEVERITIES.map((severity) => String(scan.failures[severity])),
    trend ? ARROWS[trend] : '',
  ]);
  io.stdout.write(table([header, ...lines]));
  return EXIT.ok;
}

export async function runPrune(options: PruneCommandOptions, io: CliIo): Promise<number> {
  if (options.keepLast === undefined && options.olderThan === undefined) throw new UsageError('history prune needs --keep-last N, --older-than DAYS, or both');
  const prune: PruneOptions = {};
  if (options.keepLast !== undefined) prune.keepLast = parseWhole(options.keepLast, '--keep-last', 0, 1_000_000);
  if (options.olderThan !== undefined) prune.olderThanDays = parseWhole(options.olderThan, '--older-than', 0, 100_000);
  const location = historyPath(options.db, io);
  const removed = await withStore(location, (store) => store.prune(prune));
  if (removed === undefined) throw new UsageError(`no history file ${location}`);
  io.stdout.write(`Deleted ${removed} scan${removed === 1 ? '' : 's'} from ${redactLocation(location)}.\n`);
  return EXIT.ok;
}

export async function runDiff(a: number, b: number, options: DiffOptions, io: CliIo): Promise<number> {
  const location = historyPath(options.db, io);
  const diff = await withStore(location, (store) => store.diff(a, b));
  if (!diff) throw new UsageError(`no history file ${location}: record scans with --db FILE or EKSGUARD_DB`);
  if (options.format === 'json') {
    io.stdout.write(
      `${JSON.stringify(
        {
          from: scanJson(diff.from),
          to: scanJson(diff.to),
          counts: { new: diff.new.length, fixed: diff.fixed.length, notRechecked: diff.notRechecked.length, unchanged: diff.unchanged.length },
          new: diff.new,
          fixed: diff.fixed,
          notRechecked: diff.notRechecked,
        },
        null,
        2,
      )}\n`,
    );
    return EXIT.ok;
  }
  io.stdout.write(renderDiff(diff));
  return EXIT.ok;
}

function renderDiff(diff: ScanDiff): string {
  const scanLine = (scan: ScanRow) => `scan ${scan.id} (${scan.startedAt.replace(/\.\d+Z$/, 'Z')}, ${sourceLabel(scan)})`;
  let text = `From ${scanLine(diff.from)} to ${scanLine(diff.to)}\n`;
  if (diff.from.groupKey !== diff.to.groupKey) text += 'Note: the two scans are of different sources, clusters or scopes.\n';
  text += `${diff.new.length} new, ${diff.fixed.length} fixed, ${diff.unchanged.length} unchanged`;
  text += diff.notRechecked.length > 0 ? `, ${diff.notRechecked.length} not rechecked (their check did not run or could not decide)\n` : '\n';
  for (const [title, rows] of [
    ['New', diff.new],
    ['Fixed', diff.fixed],
    ['Not rechecked', diff.notRechecked],
  ] as const) {
    if (rows.length === 0) continue;
    text += `\n${title} (${rows.length}):\n`;
    // Names and messages come from the cluster: no terminal escapes get through.
    text += table(
      sortFindings(rows).map((row) => ['  ' + row.severity.toUpperCase(), printable(row.checkId), printable(`${resourceLabel(row)}: ${row.message}${row.waived ? ' (waived)' : ''}`)]),
    );
  }
  return text;
}

function sortFindings(rows: FindingRow[]): FindingRow[] {
  return [...rows].sort((x, y) => SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity) || x.checkId.localeCompare(y.checkId));
}

function resourceLabel(row: FindingRow): string {
  const { kind, namespace, name } = row.resource;
  return `${kind}/${namespace ? `${namespace}/` : ''}${name}${row.container ? ` [${row.container}]` : ''}`;
}

function sourceLabel(scan: ScanRow): string {
  const label = scan.target ? `${scan.sourceType} ${printable(scan.target)}` : scan.sourceType;
  return scan.scope ? `${label} (${printable(scan.scope)})` : label;
}

function trendOf(before: number, after: number): Trend {
  return after > before ? 'up' : after < before ? 'down' : 'same';
}

function scanJson(scan: ScanRow): Record<string, unknown> {
  return {
    id: scan.id,
    scope: scan.scope ?? null,
    startedAt: scan.startedAt,
    recordedAt: scan.recordedAt,
    sourceType: scan.sourceType,
    target: scan.target ?? null,
    cluster: scan.cluster ?? null,
    clusterArn: scan.clusterArn ?? null,
    accountId: scan.accountId ?? null,
    region: scan.region ?? null,
    toolVersion: scan.toolVersion,
    failuresBySeverity: scan.failures,
    failures: totalOf(scan.failures),
    score: scan.score,
    attackPaths: scan.attackPaths,
    summary: scan.summary,
  };
}

/** Left-aligned columns, two spaces apart; the last column is not padded. */
function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length))).join('  ')).join('\n') + '\n';
}
