import type { EvidencePath, Fix } from '../../../model/index.js';
import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { SUGGESTED_ID, addOperation, effectiveSecurity, hasUserNamespace, isWindowsPod, listNames } from '../../../analysis/workload/security-context.js';

type Field = 'runAsUser' | 'runAsGroup';

export const check = defineCheck<Workload, 'container' | 'pod' | 'unset'>({
  id: 'wl-low-uid-gid',
  title: 'Container runs with a low UID or GID',
  severity: 'low',
  area: 'workload',
  admission: true,
  description:
    "Without a user namespace, container UIDs and GIDs are the node's. Low IDs (up to 10000) collide with system and human accounts on the node, so after an escape, or through a hostPath mount, the process owns their files. UID 0 is reported by wl-run-as-root; unset IDs (the image decides) are not reported unless the requireExplicit option is on.",
  remediation: 'Set `runAsUser` and `runAsGroup` above 10000 (e.g. 10001), or run the pod with `hostUsers: false`.',
  messages: {
    container: 'Container "{{container}}" runs with {{field}} {{value}} (at most {{maximum}})',
    pod: 'Pod sets {{field}} {{value}} (at most {{maximum}}), which containers {{containers}} use',
    unset: 'Container "{{container}}" leaves {{field}} to the image',
  },
  options: {
    /** IDs up to this value are considered taken by the node's accounts. */
    maximumReservedId: 10000,
    /** Also report containers that leave runAsUser/runAsGroup to the image. */
    requireExplicit: false,
  },
  links: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    if (hasUserNamespace(workload.podSpec) || isWindowsPod(workload.podSpec)) return;
    const maximum = typeof context.options.maximumReservedId === 'number' ? context.options.maximumReservedId : 10000;
    const requireExplicit = context.options.requireExplicit === true;
    const podLevel = new Map<Field, { path: EvidencePath; value: number; containers: string[] }>();
    for (const ref of workload.containers) {
      const security = effectiveSecurity(workload, ref);
      for (const field of ['runAsUser', 'runAsGroup'] as const) {
        const setting = security[field];
        if (setting.value === undefined) {
          if (requireExplicit) {
            context.fail('unset', { container: ref.name, field }, { container: ref.name, path: setting.path, fix: idFix(workload, setting.path) });
          }
          continue;
        }
        // Root is wl-run-as-root's finding; GID 0 (the root group) is a low GID like any other.
        if (setting.value > maximum || (field === 'runAsUser' && setting.value === 0)) continue;
        if (setting.source === 'pod') {
          const entry = podLevel.get(field);
          if (entry) entry.containers.push(ref.name);
          else podLevel.set(field, { path: setting.path, value: setting.value, containers: [ref.name] });
          continue;
        }
        context.fail('container', { container: ref.name, field, value: setting.value, maximum }, { container: ref.name, path: setting.path, fix: idFix(workload, setting.path) });
      }
    }
    for (const [field, { path, value, containers }] of podLevel) {
      context.fail('pod', { field, value, maximum, containers: listNames(containers) }, { path, fix: idFix(workload, path) });
    }
  },
});

/** Files the image or volumes own under the old ID become unreadable: a person picks the ID. */
function idFix(workload: Workload, path: EvidencePath): Fix {
  return {
    kind: 'suggestion',
    description: `Use an ID above 10000, e.g. ${SUGGESTED_ID}`,
    operations: [addOperation(workload.object, path, SUGGESTED_ID)],
  };
}
