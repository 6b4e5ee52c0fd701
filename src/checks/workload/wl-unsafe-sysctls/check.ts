import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { stringListOption } from '../../targets.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { canonicalSysctlName, safeSysctls } from '../../pod-security/pss-catalogue.js';
import { podSecurityPath } from '../../../analysis/workload/security-context.js';

export const check = defineCheck<Workload, 'unsafe'>({
  id: 'wl-unsafe-sysctls',
  title: 'Pod sets unsafe sysctls',
  severity: 'medium',
  area: 'workload',
  admission: true,
  description:
    'Only a few sysctls are namespaced and isolated per pod (the Pod Security Standards "safe" set). Others act on the whole node or are not isolated: a pod that sets them can disable kernel protections or starve its neighbours. The kubelet rejects them unless allowed with --allowed-unsafe-sysctls, which then opens them to every pod on those nodes.',
  remediation:
    'Remove unsafe sysctls from `spec.securityContext.sysctls`; tune the node (launch template user data, node tuning DaemonSet) instead, on dedicated nodes if needed.',
  messages: {
    unsafe: 'Pod sets sysctl "{{name}}", which is not in the safe set',
  },
  options: {
    /** Further sysctls you consider safe on your nodes. */
    allowed: [],
  },
  links: ['https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    const safe = new Set([...safeSysctls(), ...stringListOption(context.options, 'allowed').map(canonicalSysctlName)]);
    (workload.podSpec.securityContext?.sysctls ?? []).forEach((sysctl, index) => {
      const name = sysctl.name ?? '';
      if (safe.has(canonicalSysctlName(name))) return;
      const path = [...podSecurityPath(workload), 'sysctls', index];
      context.fail('unsafe', { name }, {
        path: [...path, 'name'],
        // The workload set it for a reason: a person moves it to node tuning.
        fix: { kind: 'suggestion', description: `Remove sysctl "${name}" from the pod`, operations: [{ op: 'remove', path: toJsonPointer(path) }] },
      });
    });
  },
});
