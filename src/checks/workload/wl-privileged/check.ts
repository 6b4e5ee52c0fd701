import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';

export const check = defineCheck<Workload, 'privileged'>({
  id: 'wl-privileged',
  title: 'Privileged container',
  severity: 'critical',
  area: 'workload',
  admission: true,
  description:
    'A privileged container runs with every capability and the host devices: escaping to the node is trivial, and from the node to the cluster.',
  remediation: 'Remove `securityContext.privileged: true`; grant the few capabilities the container needs instead.',
  messages: {
    privileged: 'Container "{{container}}" runs privileged',
  },
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    for (const { container, name, path } of workload.containers) {
      if (container.securityContext?.privileged !== true) continue;
      const evidence = [...path, 'securityContext', 'privileged'];
      context.fail('privileged', { container: name }, {
        container: name,
        path: evidence,
        fix: {
          kind: 'patch',
          description: 'Set privileged to false',
          operations: [{ op: 'replace', path: toJsonPointer(evidence), value: false }],
        },
      });
    }
  },
});
