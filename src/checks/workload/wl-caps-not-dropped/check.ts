import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { appendOperation, effectiveSecurity, isWindowsPod, normalizeCapability } from '../../../analysis/workload/security-context.js';

export const check = defineCheck<Workload, 'notDropped'>({
  id: 'wl-caps-not-dropped',
  title: 'Container does not drop all capabilities',
  severity: 'low',
  area: 'workload',
  admission: true,
  description:
    'Containers start with the runtime\'s default capability set (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_BIND_SERVICE, NET_RAW, …). Most applications need none of them; each one left in place widens what an attacker can do after a compromise.',
  remediation:
    'Add `ALL` to `securityContext.capabilities.drop` and list in `capabilities.add` only what the container needs (often nothing, or NET_BIND_SERVICE).',
  messages: {
    notDropped: 'Container "{{container}}" does not drop ALL capabilities{{dropped}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    if (isWindowsPod(workload.podSpec)) return;
    for (const ref of workload.containers) {
      const { capabilitiesDrop } = effectiveSecurity(workload, ref);
      const dropped = capabilitiesDrop.value ?? [];
      if (dropped.some((capability) => normalizeCapability(capability) === 'ALL')) continue;
      context.fail('notDropped', {
        container: ref.name,
        dropped: dropped.length > 0 ? ` (drops only ${dropped.join(', ')})` : '',
      }, {
        container: ref.name,
        path: capabilitiesDrop.path,
        // Capabilities in `add` are granted after the drop, so those the container asks for stay.
        fix: {
          kind: 'patch',
          description: 'Drop ALL capabilities',
          operations: [appendOperation(workload.object, capabilitiesDrop.path, 'ALL')],
        },
      });
    }
  },
});
