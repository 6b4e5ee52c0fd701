import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { effectiveSecurity, hasUserNamespace } from '../../../analysis/workload/security-context.js';

export const check = defineCheck<Workload, 'unmasked'>({
  id: 'wl-proc-mount',
  title: 'Container unmasks /proc',
  severity: 'medium',
  area: 'workload',
  admission: true,
  description:
    'The runtime masks and makes read-only the sensitive parts of /proc (kcore, sysrq-trigger, keys, sys…). procMount: Unmasked removes those masks, exposing kernel memory and tunables to the container; it is meant for nested containers in user-namespace pods only.',
  remediation: 'Remove `securityContext.procMount` or set it to `Default`.',
  messages: {
    unmasked: 'Container "{{container}}" sets procMount: {{value}}, exposing the unmasked /proc{{userns}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    for (const ref of workload.containers) {
      const { procMount } = effectiveSecurity(workload, ref);
      if (procMount.value === undefined || procMount.value === 'Default') continue;
      context.fail('unmasked', {
        container: ref.name,
        value: procMount.value,
        userns: hasUserNamespace(workload.podSpec) ? ' (inside its own user namespace, which limits the damage)' : '',
      }, {
        container: ref.name,
        path: procMount.path,
        // Nested container runtimes need the unmasked /proc: a person checks before reverting.
        fix: {
          kind: 'suggestion',
          description: 'Use the default masked /proc',
          operations: [{ op: 'replace', path: toJsonPointer(procMount.path), value: 'Default' }],
        },
      });
    }
  },
});
