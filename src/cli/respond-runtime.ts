/**
 * What `respond`, `respond undo` and `detect --respond` share: the playbook file, the trail file,
 * the notifiers (delivered with detect's HTTP code), the Kubernetes connection, and how decisions
 * are printed.
 */
import { appendFile, open } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { DEFAULT_RETRY_POLICY, postWithRetries, REAL_CLOCK } from '../detect/sinks/http-delivery.js';
import { maskUrl, redactor } from '../detect/sinks/mask.js';
import type { KubeClient, Notifier } from '../respond/actions/types.js';
import { RESPONSE_ACTIONS } from '../respond/actions/index.js';
import { formatProblems, loadPlaybooks, type NotifierConfig, type PlaybookSet } from '../respond/playbooks/index.js';
import { FileTrail, targetText, type ActionRecord, type TrailRecord } from '../respond/responder/index.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { openKubeClient, type KubeClientOptions } from './kube-client.js';
import { VERSION } from './version.js';

/** The connection flags of `respond` and `detect --respond`: those of openKubeClient. */
export type KubeFlags = KubeClientOptions;

export function defaultTrailPath(io: CliIo): string {
  return resolve(io.env.HOME || homedir(), '.eksguard', 'respond-trail.jsonl');
}

/** Reads and validates the playbooks; every problem (file:line:column: field: message) in one UsageError. */
export function loadPlaybookFile(io: CliIo, file: string): PlaybookSet {
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read playbooks ${file}: ${(error as Error).message}`);
  }
  const result = loadPlaybooks(text, path, RESPONSE_ACTIONS);
  if (!result.ok) throw new UsageError(`invalid playbooks:\n${formatProblems(file, result.problems)}`);
  return result.set;
}

/** Opens the trail, reporting unreadable lines (they stay in the file, untouched) on stderr. */
export function openTrail(io: CliIo, file: string | undefined, command: string): FileTrail {
  const path = file ? resolve(io.cwd, file) : defaultTrailPath(io);
  try {
    const { trail, problems } = FileTrail.open(path);
    for (const problem of problems.slice(0, 5)) io.stderr.write(`eksguard ${command}: trail ${path}:${problem.line}: ${problem.message}; line ignored\n`);
    if (problems.length > 5) io.stderr.write(`eksguard ${command}: trail ${path}: ${problems.length - 5} more unreadable line(s) ignored\n`);
    return trail;
  } catch (error) {
    throw new UsageError(`cannot open the response trail ${path}: ${(error as Error).message}`);
  }
}

export async function kubeClientFor(io: CliIo, flags: KubeFlags): Promise<KubeClient> {
  const region = flags.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  return openKubeClient(
    {
      ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}),
      ...(flags.context !== undefined ? { context: flags.context } : {}),
      ...(flags.cluster !== undefined ? { cluster: flags.cluster } : {}),
      ...(region !== undefined ? { region } : {}),
      ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
      ...(flags.eksToken ? { eksToken: true } : {}),
    },
    io,
  );
}

/**
 * One notifier per playbook entry. A webhook gets `{"text", "actionId", "alert"}` by POST with
 * the retries of detect's webhook sink; a file gets the same as a JSON line (mode 0600). File
 * paths are relative to the playbook file. Messages never show more of a URL than maskUrl does.
 */
export function createNotifiers(io: CliIo, set: PlaybookSet): Record<string, Notifier> {
  const out: Record<string, Notifier> = {};
  for (const [name, config] of Object.entries(set.notifiers)) out[name] = notifierOf(io, set.file, name, config);
  return out;
}

function notifierOf(io: CliIo, playbookFile: string, name: string, config: NotifierConfig): Notifier {
  if (config.type === 'file') {
    const path = isAbsolute(config.path) ? config.path : resolve(dirname(playbookFile), config.path);
    return {
      async notify(message) {
        // Created 0600: alerts name users, pods and source addresses.
        await (await open(path, 'a', 0o600)).close();
        await appendFile(path, `${JSON.stringify(message)}\n`);
      },
    };
  }
  return {
    async notify(message) {
      const text = config.url.startsWith('env:') ? io.env[config.url.slice(4)] : config.url;
      if (!text) throw new Error(`notifier ${name}: environment variable ${config.url.slice(4)} is not set`);
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        throw new Error(`notifier ${name}: the URL is not valid`);
      }
      const result = await postWithRetries({ url, headers: { 'user-agent': `eksguard/${VERSION}` }, body: JSON.stringify(message) }, DEFAULT_RETRY_POLICY, REAL_CLOCK, redactor(url));
      if (!result.ok) throw new Error(`notifier ${name} (${maskUrl(url)}): ${result.reason}`);
    },
  };
}

/** What a decision prints as one JSON line: the record without the objects (they are in the trail). */
export function outcomeJson(record: TrailRecord): string {
  const { before: _before, after: _after, ...rest } = record;
  return JSON.stringify(rest);
}

const COLUMNS = ['ID', 'OUTCOME', 'ACTION', 'TARGET', 'PLAYBOOK', 'RULE', 'DETAIL'];

/** The outcomes as an aligned table; DETAIL is the plan's description or why it was not done. */
export function outcomeTable(records: readonly ActionRecord[]): string {
  const rows = records.map((record) => [
    record.id,
    record.outcome + (record.guardrail && record.guardrail !== 'dedup-window' ? ` (${record.guardrail})` : ''),
    record.action,
    targetText(record.target),
    record.playbook,
    record.alert.ruleId,
    record.reason ?? record.description ?? '',
  ]);
  const widths = COLUMNS.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index]!)))
      .join('  ')
      .trimEnd();
  return [line(COLUMNS), ...rows.map(line)].join('\n') + '\n';
}

export function outcomeCounts(outcomes: Record<ActionRecord['outcome'], number>): string {
  return Object.entries(outcomes)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${count} ${outcome}`)
    .join(', ');
}
