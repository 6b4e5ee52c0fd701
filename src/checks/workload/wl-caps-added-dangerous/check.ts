import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { stringListOption } from '../../targets.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { effectiveSecurity, isWindowsPod, normalizeCapability } from '../../../analysis/workload/security-context.js';

/** What each capability hands an attacker, for the finding text. */
const WHY: Record<string, string> = {
  ALL: 'every capability, close to a privileged container',
  SYS_ADMIN: 'mount, namespaces, BPF and more: the classic container escape',
  SYS_MODULE: 'loading kernel modules, i.e. code in the node kernel',
  SYS_PTRACE: 'tracing and injecting into other processes (with hostPID, the node\'s)',
  SYS_RAWIO: 'raw device and I/O port access',
  SYS_BOOT: 'rebooting the node and loading a new kernel',
  SYS_TIME: 'setting the node clock (breaks certificates, logs, tokens)',
  BPF: 'loading eBPF programs into the kernel',
  PERFMON: 'kernel performance monitoring, a kernel info leak',
  NET_ADMIN: 'reconfiguring interfaces, routes and iptables (redirecting other pods\' traffic with hostNetwork)',
  NET_RAW: 'raw sockets: ARP/DNS spoofing of pods on the node',
  DAC_READ_SEARCH: 'bypassing read permissions and open_by_handle_at (the "shocker" escape)',
  MAC_ADMIN: 'changing the AppArmor/SELinux policy',
  MAC_OVERRIDE: 'overriding the AppArmor/SELinux policy',
  LINUX_IMMUTABLE: 'changing immutable and append-only files',
  SYSLOG: 'reading the kernel log and kernel addresses',
  AUDIT_CONTROL: 'disabling kernel auditing',
  CHECKPOINT_RESTORE: 'checkpointing and restoring processes',
};

export const check = defineCheck<Workload, 'dangerous'>({
  id: 'wl-caps-added-dangerous',
  title: 'Container adds dangerous capabilities',
  severity: 'high',
  area: 'workload',
  admission: true,
  description:
    'Some Linux capabilities give a process powers over the node kernel or its neighbours (SYS_ADMIN, SYS_MODULE, SYS_PTRACE, NET_ADMIN, NET_RAW, BPF, ALL…). Added to a container, they turn most compromises into node or network takeovers.',
  remediation:
    'Remove the capability from `securityContext.capabilities.add`; if the workload truly needs it, isolate it (dedicated nodes, no hostPID/hostNetwork) and document the exception.',
  messages: {
    dangerous: 'Container "{{container}}" adds capability {{capability}}: {{why}}',
  },
  options: {
    /** Capabilities reported when added (case and CAP_ prefix do not matter). */
    capabilities: Object.keys(WHY),
  },
  links: ['https://man7.org/linux/man-pages/man7/capabilities.7.html'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    if (isWindowsPod(workload.podSpec)) return;
    const dangerous = new Set(stringListOption(context.options, 'capabilities').map(normalizeCapability));
    for (const ref of workload.containers) {
      const { capabilitiesAdd } = effectiveSecurity(workload, ref);
      (capabilitiesAdd.value ?? []).forEach((added, index) => {
        const capability = normalizeCapability(added);
        if (!dangerous.has(capability)) return;
        const path = [...capabilitiesAdd.path, index];
        context.fail('dangerous', {
          container: ref.name,
          capability: capability === 'ALL' ? 'ALL' : `CAP_${capability}`,
          why: WHY[capability] ?? 'listed as dangerous in the configuration',
        }, {
          container: ref.name,
          path,
          // The workload may depend on it, so removing it is a person's call.
          fix: {
            kind: 'suggestion',
            description: `Remove "${added}" from capabilities.add`,
            operations: [{ op: 'remove', path: toJsonPointer(path) }],
          },
        });
      });
    }
  },
});
