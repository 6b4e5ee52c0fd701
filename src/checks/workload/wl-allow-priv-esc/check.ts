import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { addOperation, effectiveSecurity, isWindowsPod } from '../../../analysis/workload/security-context.js';

export const check = defineCheck<Workload, 'explicit' | 'unset' | 'forced'>({
  id: 'wl-allow-priv-esc',
  title: 'Container allows privilege escalation',
  severity: 'medium',
  area: 'workload',
  admission: true,
  description:
    'Unless allowPrivilegeEscalation is false, the kernel lets a process gain more privileges than its parent (no_new_privs is not set): setuid binaries such as sudo or su in the image, or file capabilities, turn a compromised non-root process into root.',
  remediation: 'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
  messages: {
    explicit: 'Container "{{container}}" sets allowPrivilegeEscalation: true',
    unset: 'Container "{{container}}" does not set allowPrivilegeEscalation: false (it defaults to true)',
    forced: 'Container "{{container}}" always allows privilege escalation because it {{reason}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    // The field does not exist for Windows containers; the API rejects it there.
    if (isWindowsPod(workload.podSpec)) return;
    for (const ref of workload.containers) {
      const security = effectiveSecurity(workload, ref);
      const { value, path } = security.allowPrivilegeEscalation;
      if (value === false) continue;
      // The API rejects allowPrivilegeEscalation: false next to these (it matches the literal
      // "CAP_SYS_ADMIN"), so the finding points at what forces escalation, without a patch.
      const sysAdmin = (security.capabilitiesAdd.value ?? []).indexOf('CAP_SYS_ADMIN');
      if (security.privileged.value === true || sysAdmin >= 0) {
        const privileged = security.privileged.value === true;
        context.fail('forced', { container: ref.name, reason: privileged ? 'runs privileged' : 'adds CAP_SYS_ADMIN' }, {
          container: ref.name,
          path: privileged ? security.privileged.path : [...security.capabilitiesAdd.path, sysAdmin],
        });
        continue;
      }
      context.fail(value === true ? 'explicit' : 'unset', { container: ref.name }, {
        container: ref.name,
        path,
        fix: {
          kind: 'patch',
          description: 'Set allowPrivilegeEscalation to false',
          operations: [addOperation(workload.object, path, false)],
        },
      });
    }
  },
});
