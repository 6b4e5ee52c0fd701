import type { EvidencePath } from '../../../model/index.js';
import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { effectiveSecurity, isWindowsPod, listNames } from '../../../analysis/workload/security-context.js';

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';
/** Types of the container SELinux policy; anything else (spc_t, unconfined_t…) is a custom domain. */
const CONTAINER_SELINUX_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

type MessageId = 'apparmor' | 'podApparmor' | 'apparmorAnnotation' | 'selinux' | 'podSelinux';

export const check = defineCheck<Workload, MessageId>({
  id: 'wl-apparmor-selinux-custom',
  title: 'AppArmor unconfined or custom SELinux options',
  severity: 'low',
  area: 'workload',
  admission: true,
  description:
    'The runtime confines containers with its default AppArmor profile and SELinux container type. An Unconfined AppArmor profile removes that layer; an SELinux type outside the container types (spc_t is "super privileged container"), or a custom SELinux user or role, can lift the confinement entirely.',
  remediation:
    'Remove `appArmorProfile: {type: Unconfined}` and the legacy `container.apparmor.security.beta.kubernetes.io/*: unconfined` annotations; leave `seLinuxOptions` unset or limit it to `level` and a container type.',
  messages: {
    apparmor: 'Container "{{container}}" runs with AppArmor profile Unconfined',
    podApparmor: 'Pod sets AppArmor profile Unconfined, which containers {{containers}} inherit',
    apparmorAnnotation: 'Annotation runs container "{{container}}" with AppArmor profile "{{value}}"',
    selinux: 'Container "{{container}}" sets SELinux {{field}} "{{value}}"{{why}}',
    podSelinux: 'Pod sets SELinux {{field}} "{{value}}"{{why}}, which containers {{containers}} inherit',
  },
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    const removeFix = (path: EvidencePath, what: string) => ({
      kind: 'suggestion' as const,
      description: `Remove ${what}`,
      operations: [{ op: 'remove' as const, path: toJsonPointer(path) }],
    });
    const podAppArmor: string[] = [];
    const podSelinux = new Map<string, { path: EvidencePath; field: string; value: string; containers: string[] }>();
    for (const ref of workload.containers) {
      const security = effectiveSecurity(workload, ref);
      const appArmor = security.appArmorProfile;
      if (appArmor.value?.type === 'Unconfined') {
        if (appArmor.source === 'pod') podAppArmor.push(ref.name);
        else context.fail('apparmor', { container: ref.name }, { container: ref.name, path: [...appArmor.path, 'type'], fix: removeFix(appArmor.path, 'the Unconfined AppArmor profile') });
      }
      // SELinux options are Linux-only; Windows pods cannot carry them.
      if (isWindowsPod(workload.podSpec)) continue;
      const selinux = security.seLinuxOptions;
      for (const [field, value] of customSelinux(selinux.value)) {
        const path = [...selinux.path, field];
        if (selinux.source === 'pod') {
          const entry = podSelinux.get(field);
          if (entry) entry.containers.push(ref.name);
          else podSelinux.set(field, { path, field, value, containers: [ref.name] });
          continue;
        }
        context.fail('selinux', { container: ref.name, field, value, why: selinuxWhy(field, value) }, { container: ref.name, path, fix: removeFix(path, `the custom SELinux ${field}`) });
      }
    }
    if (podAppArmor.length > 0) {
      const path = [...workload.podSpecPath, 'securityContext', 'appArmorProfile'];
      context.fail('podApparmor', { containers: listNames(podAppArmor) }, { path: [...path, 'type'], fix: removeFix(path, 'the Unconfined AppArmor profile') });
    }
    for (const { path, field, value, containers } of podSelinux.values()) {
      context.fail('podSelinux', { field, value, why: selinuxWhy(field, value), containers: listNames(containers) }, { path, fix: removeFix(path, `the custom SELinux ${field}`) });
    }
    for (const [key, value] of Object.entries(workload.podMetadata.annotations ?? {})) {
      if (!key.startsWith(APPARMOR_ANNOTATION) || value !== 'unconfined') continue;
      const path = [...workload.podMetadataPath, 'annotations', key];
      const container = key.slice(APPARMOR_ANNOTATION.length);
      context.fail('apparmorAnnotation', { container, value }, { container, path, fix: removeFix(path, 'the unconfined AppArmor annotation') });
    }
  },
});

/** Fields of seLinuxOptions that leave the container policy; `level` (MCS categories) is fine. */
function customSelinux(options: Record<string, string> | undefined): Array<[string, string]> {
  if (!options) return [];
  const found: Array<[string, string]> = [];
  if (options.type && !CONTAINER_SELINUX_TYPES.has(options.type)) found.push(['type', options.type]);
  if (options.user) found.push(['user', options.user]);
  if (options.role) found.push(['role', options.role]);
  return found;
}

function selinuxWhy(field: string, value: string): string {
  return field === 'type' && value === 'spc_t' ? ' (the unconfined "super privileged container" type)' : '';
}
