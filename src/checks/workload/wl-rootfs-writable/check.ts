import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { addOperation, effectiveSecurity, isWindowsPod } from '../../../analysis/workload/security-context.js';

export const check = defineCheck<Workload, 'writable' | 'explicit'>({
  id: 'wl-rootfs-writable',
  title: 'Container root filesystem is writable',
  severity: 'low',
  area: 'workload',
  admission: true,
  description:
    'A writable root filesystem lets an attacker drop tools, alter binaries and configuration, and persist for the life of the container. A read-only root filesystem with emptyDir volumes for the few writable paths (/tmp, caches) removes that.',
  remediation:
    'Set `securityContext.readOnlyRootFilesystem: true` and mount an `emptyDir` at each path the application writes to.',
  messages: {
    writable: 'Container "{{container}}" does not set readOnlyRootFilesystem: true',
    explicit: 'Container "{{container}}" sets readOnlyRootFilesystem: false',
  },
  links: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    if (isWindowsPod(workload.podSpec)) return;
    for (const ref of workload.containers) {
      const { readOnlyRootFilesystem } = effectiveSecurity(workload, ref);
      if (readOnlyRootFilesystem.value === true) continue;
      context.fail(readOnlyRootFilesystem.value === false ? 'explicit' : 'writable', { container: ref.name }, {
        container: ref.name,
        path: readOnlyRootFilesystem.path,
        // Applications that write outside their volumes fail on a read-only root: a person
        // must add emptyDir mounts for those paths first.
        fix: {
          kind: 'suggestion',
          description: 'Make the root filesystem read-only (mount emptyDir volumes where the application writes)',
          operations: [addOperation(workload.object, readOnlyRootFilesystem.path, true)],
        },
      });
    }
  },
});
