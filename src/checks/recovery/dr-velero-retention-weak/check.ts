import { refOf } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import type { ObjectTarget } from '../../targets.js';
import { formatAge, HOUR_MS, numberOption } from '../clock.js';
import { templateOf, ttlOf, veleroObjects } from '../velero.js';
import { longerRetentionCover, unprotectedClaims } from './retention.js';

function listed(items: string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export const check = defineCheck<ObjectTarget, 'shortTtl' | 'noVolumeData'>({
  id: 'dr-velero-retention-weak',
  title: 'TTL too short; PV data not snapshotted',
  severity: 'low',
  area: 'recovery',
  description:
    'Backups that expire quickly leave nothing to restore from when corruption or an intrusion is noticed late; a short TTL is accepted when another active schedule with long retention covers the same namespaces. With `snapshotVolumes: false` and no `defaultVolumesToFsBackup`, only the PersistentVolumeClaim objects are saved, not the data in them, unless pods opt volumes in with the `backup.velero.io/backup-volumes` annotation.',
  remediation:
    'Keep backups at least `minTtlHours` (default 7 days; Velero\'s default is 720h) and back volume data up with snapshots (`snapshotVolumes: true`, optionally `snapshotMoveData: true`) or file-system backup (`defaultVolumesToFsBackup: true`).',
  messages: {
    shortTtl:
      'Schedule "{{name}}" keeps backups for {{ttl}}, less than {{min}}, and no schedule with longer retention covers the same namespaces',
    noVolumeData:
      'Schedule "{{name}}" takes no volume snapshots or file-system backups, so the data of {{count}} volume claim(s) is not backed up: {{claims}}',
  },
  links: ['https://velero.io/docs/main/api-types/schedule/'],
  options: { minTtlHours: 168 },
  targets: (inventory) => veleroObjects(inventory, 'Schedule').map((object) => ({ resource: refOf(object), object })),
  evaluate({ object }, context) {
    const name = object.metadata?.name ?? '';
    const template = templateOf(object);
    const minTtl = numberOption(context.options, 'minTtlHours', 168) * HOUR_MS;
    const ttl = ttlOf(template);
    if (ttl === undefined) {
      context.notEvaluated(`spec.template.ttl "${template.ttl ?? ''}" is not a duration`, { path: ['spec', 'template', 'ttl'] });
    } else if (ttl < minTtl) {
      const schedules = veleroObjects(context.inventory, 'Schedule');
      if (!longerRetentionCover(schedules, object, minTtl)) {
        context.fail(
          'shortTtl',
          { name, ttl: template.ttl ?? formatAge(ttl), min: formatAge(minTtl) },
          { path: template.ttl === undefined ? ['spec', 'template'] : ['spec', 'template', 'ttl'] },
        );
      }
    }
    if (template.snapshotVolumes === false && template.defaultVolumesToFsBackup !== true) {
      const claims = unprotectedClaims(context.inventory, template);
      if (claims.length > 0) {
        context.fail(
          'noVolumeData',
          { name, count: claims.length, claims: listed(claims) },
          { path: ['spec', 'template', 'snapshotVolumes'] },
        );
      }
    }
  },
});
