import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';

export const check = defineCheck<Workload, 'hostIpc'>({
  id: 'wl-host-ipc',
  title: 'Pod shares the host IPC namespace',
  severity: 'high',
  area: 'workload',
  admission: true,
  description:
    'With hostIPC the containers share System V IPC and POSIX shared memory with every process on the node: they can read and tamper with the shared memory of host daemons and other pods that use hostIPC.',
  remediation: 'Remove `hostIPC: true` from the pod spec (or set it to false).',
  messages: {
    hostIpc: "Pod shares the node's IPC namespace (hostIPC: true)",
  },
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    if (workload.podSpec.hostIPC !== true) return;
    const path = [...workload.podSpecPath, 'hostIPC'];
    context.fail('hostIpc', {}, {
      path,
      fix: {
        kind: 'patch',
        description: 'Stop sharing the host IPC namespace',
        operations: [{ op: 'remove', path: toJsonPointer(path) }],
      },
    });
  },
});
