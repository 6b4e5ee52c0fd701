import type { K8sObject } from '../../../model/index.js';
import { refOf, type InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import type { ObjectTarget } from '../../targets.js';
import { formatAge, HOUR_MS, numberOption, parseTime, scanTime } from '../clock.js';
import { status, veleroObjects } from '../velero.js';

const FINISHED = new Set(['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation']);
const FAILED = new Set(['PartiallyFailed', 'Failed', 'FailedValidation']);

interface BackupTarget extends ObjectTarget {
  /** The schedule's finished backups, newest first (a manual backup alone). */
  history: K8sObject[];
  schedule: string | undefined;
}

function phaseOf(backup: K8sObject): string | undefined {
  const phase = status(backup)?.phase;
  return typeof phase === 'string' ? phase : undefined;
}

function startedAt(backup: K8sObject): number {
  return parseTime(status(backup)?.startTimestamp) ?? parseTime(backup.metadata?.creationTimestamp) ?? 0;
}

/**
 * One target per schedule: its newest finished backup, which says whether the schedule works
 * now (older failures were superseded). Manual backups are each their own target. Backups
 * still running are left out; without any finished one, the newest backup stands in.
 */
function backupTargets(inventory: InventoryView): BackupTarget[] {
  const groups = new Map<string, K8sObject[]>();
  for (const backup of veleroObjects(inventory, 'Backup')) {
    const schedule = backup.metadata?.labels?.['velero.io/schedule-name'];
    const key = schedule ? `schedule:${backup.metadata?.namespace ?? ''}/${schedule}` : `manual:${backup.metadata?.name ?? ''}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(backup);
  }
  const targets: BackupTarget[] = [];
  for (const backups of groups.values()) {
    const newestFirst = [...backups].sort((a, b) => startedAt(b) - startedAt(a));
    const finished = newestFirst.filter((backup) => FINISHED.has(phaseOf(backup) ?? ''));
    const object = (finished[0] ?? newestFirst[0]) as K8sObject;
    targets.push({
      resource: refOf(object),
      object,
      history: finished,
      schedule: object.metadata?.labels?.['velero.io/schedule-name'],
    });
  }
  return targets;
}

export const check = defineCheck<BackupTarget, 'failed'>({
  id: 'dr-velero-backup-failing',
  title: 'Recent backups Failed/PartiallyFailed',
  severity: 'medium',
  area: 'recovery',
  description:
    'A Velero backup that ends Failed or PartiallyFailed left resources or volume data out. The newest finished backup of each schedule (and each recent manual backup) is evaluated, so one success after a failure clears the finding.',
  remediation:
    'Run `velero backup describe <name> --details` and `velero backup logs <name>` to see which items failed (often volume snapshots, fs-backup pods or storage credentials) and fix the cause.',
  messages: {
    failed: 'Backup "{{name}}"{{schedule}} ended {{phase}} {{age}} ago{{detail}}',
  },
  links: ['https://velero.io/docs/main/troubleshooting/'],
  options: { recentHours: 168, now: undefined },
  targets: (inventory) => backupTargets(inventory),
  evaluate(target, context) {
    const { object, history } = target;
    const phase = phaseOf(object);
    if (phase === undefined) {
      return context.notEvaluated('the backup has no status.phase: its outcome is only known in a live cluster');
    }
    if (!FINISHED.has(phase)) return context.notEvaluated(`the backup is still ${phase}`);
    if (!FAILED.has(phase)) return;
    const finishedAt = parseTime(status(object)?.completionTimestamp) ?? startedAt(object);
    const age = scanTime(context.options, context.inventory) - finishedAt;
    if (age > numberOption(context.options, 'recentHours', 168) * HOUR_MS) return;
    let streak = 0;
    while (streak < history.length && FAILED.has(phaseOf(history[streak] as K8sObject) ?? '')) streak++;
    const current = status(object) ?? {};
    const details: string[] = [];
    if (streak > 1) details.push(`${streak} finished backups in a row failed`);
    if (typeof current.errors === 'number' && current.errors > 0) details.push(`${current.errors} errors`);
    if (typeof current.failureReason === 'string' && current.failureReason !== '') {
      details.push(current.failureReason.slice(0, 200));
    }
    if (Array.isArray(current.validationErrors) && current.validationErrors.length > 0) {
      details.push(current.validationErrors.map(String).join('; ').slice(0, 200));
    }
    context.fail(
      'failed',
      {
        name: object.metadata?.name ?? '',
        schedule: target.schedule ? ` of schedule "${target.schedule}"` : '',
        phase,
        age: formatAge(Math.max(age, 0)),
        detail: details.length > 0 ? ` (${details.join('; ')})` : '',
      },
      { path: ['status', 'phase'] },
    );
  },
});
