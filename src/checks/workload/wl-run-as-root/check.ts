import type { EvidencePath, Fix } from '../../../model/index.js';
import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import {
  SUGGESTED_ID,
  effectiveSecurity,
  hasUserNamespace,
  isWindowsPod,
  listNames,
  setFieldsOperations,
} from '../../../analysis/workload/security-context.js';

type MessageId = 'uidZero' | 'podUidZero' | 'nonRootFalse' | 'podNonRootFalse' | 'unset';

export const check = defineCheck<Workload, MessageId>({
  id: 'wl-run-as-root',
  title: 'Container can run as root',
  severity: 'medium',
  area: 'workload',
  admission: true,
  description:
    'A container that runs as UID 0 is root in its user namespace, which on a node is the host\'s: any escape (a kernel or runtime bug, a writable hostPath, a mounted socket) lands as root on the node. Without runAsNonRoot: true or an explicit non-zero runAsUser, the image decides, and most images run as root. Pods with their own user namespace (hostUsers: false) pass: root inside maps to an unprivileged user on the node.',
  remediation:
    'Set `runAsNonRoot: true` in the pod or container securityContext, with a non-zero `runAsUser` (e.g. 10001) unless the image already declares a numeric non-root USER.',
  messages: {
    uidZero: 'Container "{{container}}" runs as root (runAsUser: 0)',
    podUidZero: 'Pod sets runAsUser: 0, so containers {{containers}} run as root',
    nonRootFalse: 'Container "{{container}}" sets runAsNonRoot: false and may run as root',
    podNonRootFalse: 'Pod sets runAsNonRoot: false and containers {{containers}} set no non-root user, so they may run as root',
    unset: 'Container "{{container}}" may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set, so the image decides',
  },
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    // Windows has no UID 0; HostProcess and user names are other checks' concern.
    if (hasUserNamespace(workload.podSpec) || isWindowsPod(workload.podSpec)) return;
    const podLevel = new Map<'podUidZero' | 'podNonRootFalse', { path: EvidencePath; containers: string[] }>();
    for (const ref of workload.containers) {
      const { runAsUser, runAsNonRoot } = effectiveSecurity(workload, ref);
      const securityPath = runAsUser.path.slice(0, -1);
      if (runAsUser.value === 0) {
        if (runAsUser.source === 'pod') {
          addTo(podLevel, 'podUidZero', runAsUser.path, ref.name);
          continue;
        }
        context.fail('uidZero', { container: ref.name }, { container: ref.name, path: runAsUser.path, fix: runAsNonRootFix(workload, securityPath) });
        continue;
      }
      if (runAsNonRoot.value === true) continue;
      if (runAsUser.value !== undefined) continue;
      if (runAsNonRoot.value === false) {
        if (runAsNonRoot.source === 'pod') {
          addTo(podLevel, 'podNonRootFalse', runAsNonRoot.path, ref.name);
          continue;
        }
        context.fail('nonRootFalse', { container: ref.name }, {
          container: ref.name,
          path: runAsNonRoot.path,
          fix: runAsNonRootFix(workload, runAsNonRoot.path.slice(0, -1)),
        });
        continue;
      }
      context.fail('unset', { container: ref.name }, {
        container: ref.name,
        path: runAsNonRoot.path,
        fix: runAsNonRootFix(workload, runAsNonRoot.path.slice(0, -1)),
      });
    }
    for (const [messageId, { path, containers }] of podLevel) {
      context.fail(messageId, { containers: listNames(containers) }, {
        path,
        fix: runAsNonRootFix(workload, path.slice(0, -1)),
      });
    }
  },
});

function addTo(
  map: Map<'podUidZero' | 'podNonRootFalse', { path: EvidencePath; containers: string[] }>,
  key: 'podUidZero' | 'podNonRootFalse',
  path: EvidencePath,
  container: string,
): void {
  const entry = map.get(key);
  if (entry) entry.containers.push(container);
  else map.set(key, { path, containers: [container] });
}

/** The image may need root (ports < 1024, root-owned files), so a person picks the user. */
function runAsNonRootFix(workload: Workload, securityPath: EvidencePath): Fix {
  const fields = { runAsNonRoot: true, runAsUser: SUGGESTED_ID };
  return {
    kind: 'suggestion',
    description: `Run as a non-root user, e.g. runAsUser ${SUGGESTED_ID} with runAsNonRoot true, at ${toJsonPointer(securityPath)}`,
    operations: setFieldsOperations(workload.object, securityPath, fields),
  };
}
