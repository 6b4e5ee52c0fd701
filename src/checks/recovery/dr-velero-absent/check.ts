import type { Target } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { clusterTarget } from '../../targets.js';
import { VELERO_GROUP, veleroObjects } from '../velero.js';
import { absenceUndecidable, hasCrd, listFailure } from '../whole-cluster.js';

/** Signs that Velero is installed, apart from Schedules. */
function installed(inventory: InventoryView): boolean {
  if (hasCrd(inventory, 'schedules.velero.io') || hasCrd(inventory, 'backups.velero.io')) return true;
  if (veleroObjects(inventory, 'BackupStorageLocation').length > 0 || veleroObjects(inventory, 'Backup').length > 0) {
    return true;
  }
  return inventory.workloads().some(({ containers }) =>
    containers.some(({ container }) => /(^|\/)velero\/velero(:|@|$)/.test(container.image ?? '')),
  );
}

export const check = defineCheck<Target, 'absent' | 'noSchedule'>({
  id: 'dr-velero-absent',
  title: 'No Velero (CRD/Schedules)',
  severity: 'medium',
  area: 'recovery',
  description:
    'Without scheduled backups of the Kubernetes objects and volume data, a deleted namespace, a bad migration or ransomware in the cluster cannot be undone. This check looks for Velero; if you back up with another tool (AWS Backup, Kasten), waive it.',
  remediation:
    'Install Velero with a BackupStorageLocation (S3) and create at least one Schedule that covers the application namespaces.',
  messages: {
    absent: 'The cluster has no Velero: no schedules.velero.io CRD, Velero deployment or Schedule',
    noSchedule: 'Velero is installed but no Schedule exists, so no backups are taken automatically',
  },
  links: ['https://velero.io/docs/main/backup-reference/'],
  targets: (inventory) => [clusterTarget(inventory)],
  evaluate(_target, context) {
    const { inventory } = context;
    if (veleroObjects(inventory, 'Schedule').length > 0) return;
    const scheduleList = listFailure(inventory, VELERO_GROUP, 'schedules');
    if (scheduleList) return context.notEvaluated(scheduleList);
    const veleroFound = installed(inventory);
    const undecidable = absenceUndecidable(
      inventory,
      veleroFound ? [] : [['apiextensions.k8s.io', 'customresourcedefinitions']],
    );
    if (undecidable) return context.notEvaluated(undecidable);
    context.fail(veleroFound ? 'noSchedule' : 'absent');
  },
});
