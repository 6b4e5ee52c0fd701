import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { addOperation, isWindowsPod, listNames, podSecurityPath } from '../../../analysis/workload/security-context.js';

const CONFINED = new Set(['RuntimeDefault', 'Localhost']);

export const check = defineCheck<Workload, 'missing' | 'podUnconfined' | 'containerUnconfined'>({
  id: 'wl-seccomp-missing',
  title: 'Container runs without a seccomp profile',
  severity: 'low',
  area: 'workload',
  admission: true,
  description:
    'Without a seccomp profile a container may call every system call the kernel offers, including the rarely used ones most kernel exploits and escapes go through. Kubernetes runs containers Unconfined unless the pod or container sets a profile (or the kubelet runs with --seccomp-default, which EKS does not set).',
  remediation:
    'Set `securityContext.seccompProfile.type: RuntimeDefault` at the pod level (or Localhost with a custom profile); never Unconfined.',
  messages: {
    missing: 'Containers {{containers}} run without a seccomp profile (none set at pod or container level)',
    podUnconfined: 'Pod sets seccomp profile Unconfined, which containers {{containers}} inherit',
    containerUnconfined: 'Container "{{container}}" sets seccomp profile {{type}}',
  },
  links: ['https://kubernetes.io/docs/tutorials/security/seccomp/'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    // seccomp is Linux-only; the API rejects the field on Windows pods.
    if (isWindowsPod(workload.podSpec)) return;
    const podProfile = workload.podSpec.securityContext?.seccompProfile;
    const podConfined = CONFINED.has(podProfile?.type ?? '');
    const inheriting: string[] = [];
    for (const ref of workload.containers) {
      const profile = ref.container.securityContext?.seccompProfile;
      if (profile === undefined) {
        if (!podConfined) inheriting.push(ref.name);
        continue;
      }
      if (CONFINED.has(profile.type ?? '')) continue;
      const path = [...ref.path, 'securityContext', 'seccompProfile', 'type'];
      context.fail('containerUnconfined', { container: ref.name, type: profile.type ?? '(no type)' }, {
        container: ref.name,
        path,
        fix: {
          kind: 'suggestion',
          description: 'Use the runtime default seccomp profile',
          operations: [{ op: 'add', path: toJsonPointer(path), value: 'RuntimeDefault' }],
        },
      });
    }
    if (inheriting.length === 0) return;
    const profilePath = [...podSecurityPath(workload), 'seccompProfile'];
    if (podProfile !== undefined) {
      // Someone chose Unconfined on purpose: a person decides whether the workload copes.
      const typePath = [...profilePath, 'type'];
      context.fail('podUnconfined', { containers: listNames(inheriting) }, {
        path: typePath,
        fix: {
          kind: 'suggestion',
          description: 'Use the runtime default seccomp profile',
          operations: [{ op: 'add', path: toJsonPointer(typePath), value: 'RuntimeDefault' }],
        },
      });
      return;
    }
    // RuntimeDefault only blocks syscalls ordinary applications do not make (the Docker default).
    context.fail('missing', { containers: listNames(inheriting) }, {
      path: profilePath,
      fix: {
        kind: 'patch',
        description: 'Set the pod seccomp profile to RuntimeDefault (containers with their own profile keep it)',
        operations: [addOperation(workload.object, profilePath, { type: 'RuntimeDefault' })],
      },
    });
  },
});
