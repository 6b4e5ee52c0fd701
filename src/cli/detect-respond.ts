/**
 * `eksguard detect … --respond playbooks.yaml [--apply]`: the responder as one more alert sink.
 * Alerts that reach the sinks (after dedup and --min-severity) are answered by the playbooks with
 * the same guardrails and trail as `eksguard respond`; `flush` resolves once every alert written
 * so far is answered, so a follow batch is checkpointed only after its responses.
 */
import type { Command } from 'commander';
import type { AlertSink, SinkStats } from '../detect/sinks/index.js';
import type { Alert } from '../model/index.js';
import { RESPONSE_ACTIONS } from '../respond/actions/index.js';
import { Responder, targetText, type ActionRecord, type FileTrail } from '../respond/responder/index.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { DRY_RUN_BANNER } from './respond-command.js';
import { createNotifiers, kubeClientFor, loadPlaybookFile, openTrail, outcomeCounts } from './respond-runtime.js';

export interface DetectRespondFlags {
  respond?: string;
  apply?: boolean;
  trail?: string;
  kubeconfig?: string;
  context?: string;
  /** From --follow; `detect cloudtrail`'s --region is a list and is not a cluster's region. */
  cluster?: string;
  region?: unknown;
  profile?: string;
}

export function addDetectRespondOptions(command: Command): Command {
  return command
    .option('--respond <playbooks>', 'answer the alerts with response playbooks (see eksguard respond); plans only unless --apply')
    .option('--apply', 'with --respond: act on the cluster (default: dry run, GETs only)', false)
    .option('--trail <file>', 'with --respond: the response trail (default ~/.eksguard/respond-trail.jsonl)')
    .option('--kubeconfig <file>', 'with --respond: kubeconfig of the cluster to act on (default: KUBECONFIG, else ~/.kube/config)')
    .option('--context <context>', 'with --respond: kubeconfig context (default: the current context)');
}

class ResponderSink implements AlertSink {
  readonly name: string;
  readonly stats: SinkStats = { delivered: 0, failed: 0, retries: 0 };

  constructor(
    private readonly responder: Responder,
    private readonly trail: FileTrail,
    private readonly report: (record: ActionRecord) => void,
    private readonly warn: (message: string) => void,
    file: string,
  ) {
    this.name = `respond:${file}`;
  }

  write(alert: Alert): void {
    this.responder.respond(alert).then(
      (records) => {
        this.stats.delivered++;
        records.forEach(this.report);
      },
      // The responder records action failures itself; this is a fault of the trail or a bug.
      (error: unknown) => {
        this.stats.failed++;
        this.warn(`respond: alert ${alert.ruleId} ${alert.eventId} not answered: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }

  async flush(): Promise<void> {
    await this.responder.settled();
    // The report callbacks run after settled's promise; let them print before the summary.
    await new Promise((resolve) => setImmediate(resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    this.trail.close();
  }

  summary(): string[] {
    const { stats } = this.responder;
    return [`respond: ${stats.matched} of ${stats.alerts} alert(s) matched a playbook; actions: ${outcomeCounts(stats.outcomes) || 'none'}; trail: ${this.trail.path}`];
  }
}

export type DetectResponder = AlertSink & { summary(): string[] };

/** The responder sink when --respond is given; usage problems (bad playbooks, no cluster) throw UsageError before any input is read. */
export async function openDetectResponder(io: CliIo, flags: DetectRespondFlags, command: string): Promise<DetectResponder | undefined> {
  if (!flags.respond) {
    if (flags.apply) throw new UsageError('--apply goes with --respond PLAYBOOKS');
    return undefined;
  }
  const set = loadPlaybookFile(io, flags.respond);
  const client = await kubeClientFor(io, {
    ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}),
    ...(flags.context !== undefined ? { context: flags.context } : {}),
    ...(flags.cluster !== undefined ? { cluster: flags.cluster } : {}),
    ...(typeof flags.region === 'string' ? { region: flags.region } : {}),
    ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
  });
  const trail = openTrail(io, flags.trail, command);
  const mode = flags.apply ? 'apply' : 'dry-run';
  if (mode === 'dry-run') io.stderr.write(`eksguard ${command}: respond: ${DRY_RUN_BANNER}\n`);
  const responder = new Responder({ playbooks: set, actions: RESPONSE_ACTIONS, client, notifiers: createNotifiers(io, set), mode, trail });
  const report = (record: ActionRecord) =>
    io.stderr.write(`eksguard ${command}: respond: ${record.id} ${record.outcome} ${record.action} ${targetText(record.target)} (${record.alert.ruleId})${record.reason ? `: ${record.reason}` : record.description ? `: ${record.description}` : ''}\n`);
  const warn = (message: string) => io.stderr.write(`eksguard ${command}: ${message}\n`);
  return new ResponderSink(responder, trail, report, warn, flags.respond);
}
