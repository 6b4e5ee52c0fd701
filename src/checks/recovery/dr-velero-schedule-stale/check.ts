import { refOf } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import type { ObjectTarget } from '../../targets.js';
import { formatAge, HOUR_MS, numberOption, parseTime, scanTime } from '../clock.js';
import { longestCronInterval } from '../cron-interval.js';
import { spec, status, veleroObjects } from '../velero.js';

export const check = defineCheck<ObjectTarget, 'paused' | 'invalid' | 'stale' | 'neverRan'>({
  id: 'dr-velero-schedule-stale',
  title: 'Schedule paused or last backup too old',
  severity: 'medium',
  area: 'recovery',
  description:
    'A Schedule that is paused, rejected by validation, or whose last backup is old leaves the cluster with a recovery point further back than the team believes. A backup is expected within `maxAgeHours` (default 48), or, for schedules that run less often, within two of their intervals (one missed run is tolerated).',
  remediation:
    'Unpause the schedule (`velero schedule unpause`), fix its validation errors, or find out from the Velero logs why it stopped creating backups.',
  messages: {
    paused: 'Schedule "{{name}}" is paused: it creates no backups',
    invalid: 'Schedule "{{name}}" failed validation and never runs: {{errors}}',
    stale: 'Schedule "{{name}}" last created a backup {{age}} ago ({{time}}); one is expected at least every {{limit}}',
    neverRan: 'Schedule "{{name}}" has never created a backup although it exists for {{age}}',
  },
  links: ['https://velero.io/docs/main/api-types/schedule/'],
  options: { maxAgeHours: 48, now: undefined },
  targets: (inventory) => veleroObjects(inventory, 'Schedule').map((object) => ({ resource: refOf(object), object })),
  evaluate({ object }, context) {
    const name = object.metadata?.name ?? '';
    if (spec(object).paused === true) return context.fail('paused', { name }, { path: ['spec', 'paused'] });
    const current = status(object);
    if (current?.phase === 'FailedValidation') {
      const errors = Array.isArray(current.validationErrors) ? current.validationErrors.map(String).join('; ') : '';
      return context.fail('invalid', { name, errors: errors || 'no reason recorded' }, { path: ['status', 'phase'] });
    }
    if (current === undefined) {
      return context.notEvaluated('the schedule has no status: when it last ran is only known in a live cluster');
    }
    const now = scanTime(context.options, context.inventory);
    const interval = typeof spec(object).schedule === 'string' ? longestCronInterval(spec(object).schedule as string) : undefined;
    const limit = Math.max(numberOption(context.options, 'maxAgeHours', 48) * HOUR_MS, 2 * (interval ?? 0));
    const lastBackup = parseTime(current.lastBackup);
    if (lastBackup === undefined) {
      const created = parseTime(object.metadata?.creationTimestamp);
      if (created === undefined) return context.notEvaluated('the schedule has neither status.lastBackup nor a creation time');
      if (now - created > limit) context.fail('neverRan', { name, age: formatAge(now - created) }, { path: ['status'] });
      return;
    }
    if (now - lastBackup <= limit) return;
    context.fail(
      'stale',
      { name, age: formatAge(now - lastBackup), time: new Date(lastBackup).toISOString(), limit: formatAge(limit) },
      { path: ['status', 'lastBackup'] },
    );
  },
});
