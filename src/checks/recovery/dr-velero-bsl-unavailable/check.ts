import { defineCheck } from '../../define-check.js';
import type { ObjectTarget } from '../../targets.js';
import { refOf } from '../../../inventory/index.js';
import { status, veleroObjects } from '../velero.js';

export const check = defineCheck<ObjectTarget, 'unavailable'>({
  id: 'dr-velero-bsl-unavailable',
  title: 'BackupStorageLocation unavailable',
  severity: 'medium',
  area: 'recovery',
  description:
    'Velero validates each BackupStorageLocation periodically. An Unavailable location (bucket gone, credentials expired, access denied) makes every backup to it fail, and restores from it impossible.',
  remediation:
    'Read the location\'s `status.message` and the Velero logs; fix the bucket, region, prefix or credentials (IRSA / Pod Identity role) until the phase is Available.',
  messages: {
    unavailable: 'BackupStorageLocation "{{name}}" is Unavailable{{detail}}',
  },
  links: ['https://velero.io/docs/main/api-types/backupstoragelocation/'],
  targets: (inventory) => veleroObjects(inventory, 'BackupStorageLocation').map((object) => ({ resource: refOf(object), object })),
  evaluate({ object }, context) {
    const phase = status(object)?.phase;
    if (phase === undefined) {
      return context.notEvaluated('the location has no status.phase: Velero has not validated it, or the input is a manifest');
    }
    if (phase === 'Available') return;
    const message = status(object)?.message;
    context.fail(
      'unavailable',
      { name: object.metadata?.name ?? '', detail: typeof message === 'string' && message !== '' ? `: ${message.slice(0, 300)}` : '' },
      { path: ['status', 'phase'] },
    );
  },
});
