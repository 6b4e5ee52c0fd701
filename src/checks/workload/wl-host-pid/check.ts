import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';

export const check = defineCheck<Workload, 'hostPid'>({
  id: 'wl-host-pid',
  title: 'Pod shares the host PID namespace',
  severity: 'high',
  area: 'workload',
  admission: true,
  description:
    "With hostPID every container sees and can signal all processes on the node, read their environment and /proc entries (tokens, credentials), and with ptrace rights enter them: a short path from the pod to the node.",
  remediation: 'Remove `hostPID: true` from the pod spec (or set it to false).',
  messages: {
    hostPid: "Pod shares the node's PID namespace (hostPID: true): its containers see and can signal every process on the node",
  },
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    if (workload.podSpec.hostPID !== true) return;
    const path = [...workload.podSpecPath, 'hostPID'];
    context.fail('hostPid', {}, {
      path,
      fix: {
        kind: 'patch',
        description: 'Stop sharing the host PID namespace',
        operations: [{ op: 'remove', path: toJsonPointer(path) }],
      },
    });
  },
});
