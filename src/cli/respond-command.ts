/**
 * `eksguard respond`: alerts from `detect` answered by playbooks — planned (dry run, the default)
 * or applied — with every decision in the trail; `respond undo` reverses one applied action;
 * `respond role` prints the ClusterRole the responder needs.
 */
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { Option, type Command } from 'commander';
import { RESPONSE_ACTIONS } from '../respond/actions/index.js';
import { printable } from '../report/terminal-text.js';
import { actionIdGenerator, applyUndo, parseAlertLine, planUndo, Responder, type ActionRecord } from '../respond/responder/index.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { createNotifiers, kubeClientFor, loadPlaybookFile, openTrail, outcomeCounts, outcomeJson, outcomeTable, type KubeFlags } from './respond-runtime.js';
import { responderRoleYaml } from './respond-role.js';

interface RespondFlags extends KubeFlags {
  alerts?: string;
  playbook?: string;
  apply: boolean;
  trail?: string;
  format: 'table' | 'json';
}

export const DRY_RUN_BANNER = 'DRY RUN: nothing is changed in the cluster; add --apply to act';

function addKubeOptions(command: Command): Command {
  return command
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, else ~/.kube/config)')
    .option('--context <context>', 'kubeconfig context (default: the current context)')
    .option('--cluster <name>', 'EKS cluster, when there is no kubeconfig (the token is signed from the AWS credentials)')
    .option('--region <region>', 'AWS region of --cluster (default AWS_REGION)')
    .option('--profile <profile>', 'AWS shared-config profile for --cluster')
    .option('--eks-token', 'sign the EKS token in-process instead of using the kubeconfig user', false)
    .option('--trail <file>', 'the response trail, JSON lines (default ~/.eksguard/respond-trail.jsonl)')
    .addOption(new Option('--format <format>', 'stdout: table, or json (one JSON object a decision)').choices(['table', 'json']).default('table'));
}

export function registerRespondCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const respond = addKubeOptions(
    program
      .command('respond')
      .enablePositionalOptions()
      .description('answer alerts with response playbooks: label, quarantine, scale to zero, cordon, delete a binding, notify; plans only unless --apply')
      .option('--alerts <file>', 'alerts as `eksguard detect` writes them (JSON lines; - for stdin)')
      .option('--playbook <file>', 'playbooks.yaml (kind ResponsePlaybooks)')
      .option('--apply', 'act: send the planned changes to the cluster (default: dry run, GETs only)', false),
  )
    .addHelpText(
      'after',
      '\nEvery decision (applied, planned, refused by a guardrail, skipped, failed) is a line on stdout and a record in the trail; `respond undo <id>` reverses an applied one.' +
        '\nExit codes: 0 every action decided, 1 an action failed (an API error, or a notification not delivered), 2 usage error or invalid playbooks.' +
        '\n\nExamples:\n  eksguard detect examples/incident/audit.jsonl --format jsonl > alerts.jsonl\n  eksguard respond --alerts alerts.jsonl --playbook examples/respond/playbooks.yaml\n  eksguard respond --alerts alerts.jsonl --playbook examples/respond/playbooks.yaml --context prod --apply\n  eksguard respond undo 20250512-103000-123-a3f9c1 --apply\n  eksguard respond role > responder-rbac.yaml',
    )
    .action(async (flags: RespondFlags) => {
      if (!flags.alerts || !flags.playbook) throw new UsageError('respond needs --alerts FILE and --playbook FILE (or a subcommand: undo, role)');
      setExit(await runRespond(io, flags as RespondFlags & { alerts: string; playbook: string }));
    });

  addKubeOptions(
    respond
      .command('undo')
      .description('reverse an applied action from the trail; refused when the object changed since in the fields the undo writes, or when it was undone already')
      .argument('<action-id>', 'the id of the action (first column of `respond`, or in the trail)')
      .option('--apply', 'send the undo requests (default: print them)', false),
  )
    .addHelpText('after', '\nExamples:\n  eksguard respond undo 20250512-103000-123-a3f9c1\n  eksguard respond undo 20250512-103000-123-a3f9c1 --apply --trail incident-trail.jsonl')
    .action(async (id: string, flags: RespondFlags) => setExit(await runUndo(io, id, flags)));

  respond
    .command('role')
    .description('print the minimal ClusterRole the responder needs (as in deploy/kubernetes/eksguard-responder.yaml)')
    .addHelpText('after', '\nExamples:\n  eksguard respond role | kubectl apply -f -')
    .action(() => {
      io.stdout.write(responderRoleYaml());
    });
}

async function* alertLines(io: CliIo, file: string): AsyncGenerator<{ text: string; line: number }> {
  const input = file === '-' ? Readable.from(io.stdin) : createReadStream(resolve(io.cwd, file), { encoding: 'utf8' });
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) yield { text: String(text), line: ++line };
}

async function runRespond(io: CliIo, flags: RespondFlags & { alerts: string; playbook: string }): Promise<number> {
  const set = loadPlaybookFile(io, flags.playbook);
  const client = await kubeClientFor(io, flags);
  const trail = openTrail(io, flags.trail, 'respond');
  const mode = flags.apply ? 'apply' : 'dry-run';
  if (mode === 'dry-run') io.stderr.write(`eksguard respond: ${DRY_RUN_BANNER}\n`);
  const responder = new Responder({ playbooks: set, actions: RESPONSE_ACTIONS, client, notifiers: createNotifiers(io, set), mode, trail });
  const records: ActionRecord[] = [];
  let bad = 0;
  try {
    for await (const { text, line } of alertLines(io, flags.alerts)) {
      const parsed = parseAlertLine(text);
      if (!parsed.ok) {
        // The problem may quote the line (JSON.parse does): shown with its control characters escaped.
        if (++bad <= 10) io.stderr.write(`eksguard respond: ${flags.alerts}:${line}: ${printable(parsed.problem)}; skipped\n`);
        continue;
      }
      if (!parsed.alert) continue;
      const answered = await responder.respond(parsed.alert);
      if (flags.format === 'json') for (const record of answered) io.stdout.write(`${outcomeJson(record)}\n`);
      records.push(...answered);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') throw new UsageError(`cannot read alerts ${flags.alerts}: ${(error as Error).message}`);
    throw error;
  } finally {
    trail.close();
  }
  if (flags.format === 'table') io.stdout.write(records.length > 0 ? outcomeTable(records) : '');
  const { stats } = responder;
  const lines = [
    `${stats.alerts} alert(s) read, ${stats.matched} matched a playbook${bad > 0 ? `, ${bad} unreadable line(s) skipped` : ''}`,
    `actions: ${outcomeCounts(stats.outcomes) || 'none'}`,
    `trail: ${trail.path}`,
  ];
  if (mode === 'dry-run') lines.push(DRY_RUN_BANNER);
  io.stderr.write(lines.map((line) => `eksguard respond: ${line}`).join('\n') + '\n');
  return stats.outcomes.failed > 0 ? EXIT.findings : EXIT.ok;
}

async function runUndo(io: CliIo, id: string, flags: RespondFlags): Promise<number> {
  const trail = openTrail(io, flags.trail, 'respond undo');
  try {
    const client = await kubeClientFor(io, flags);
    const plan = await planUndo(trail.records(), id, client);
    if (!plan.ok) throw new UsageError(`cannot undo: ${plan.reason}`);
    for (const note of plan.notes) io.stderr.write(`eksguard respond undo: note: ${note}\n`);
    if (!flags.apply) {
      io.stderr.write(`eksguard respond undo: ${DRY_RUN_BANNER}\n`);
      if (flags.format === 'json') for (const request of plan.requests) io.stdout.write(`${JSON.stringify(request)}\n`);
      else for (const request of plan.requests) io.stdout.write(`${request.method} ${request.path}${request.contentType ? ` (${request.contentType})` : ''}${request.body !== undefined ? `\n  ${JSON.stringify(request.body)}` : ''}\n`);
      return EXIT.ok;
    }
    const record = await applyUndo(plan, client, actionIdGenerator()(), new Date());
    await trail.append(record);
    if (flags.format === 'json') io.stdout.write(`${outcomeJson(record)}\n`);
    else io.stdout.write(`${record.id}  undo ${id}: ${record.outcome}${record.reason ? `: ${record.reason}` : ''}\n`);
    io.stderr.write(`eksguard respond undo: ${record.outcome === 'applied' ? `${plan.record.description ?? plan.record.action} reversed` : 'failed'}; trail: ${trail.path}\n`);
    return record.outcome === 'applied' ? EXIT.ok : EXIT.findings;
  } finally {
    trail.close();
  }
}
