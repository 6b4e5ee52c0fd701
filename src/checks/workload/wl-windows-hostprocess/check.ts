import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { listNames, podSecurityPath } from '../../../analysis/workload/security-context.js';

export const check = defineCheck<Workload, 'pod' | 'container'>({
  id: 'wl-windows-hostprocess',
  title: 'Windows HostProcess container',
  severity: 'high',
  area: 'workload',
  admission: true,
  description:
    "A Windows HostProcess container runs directly on the node as a host process, with the node's network, filesystem and (as SYSTEM or an administrator) full control of the Windows node: it is the Windows equivalent of a privileged container with every host namespace.",
  remediation:
    'Remove `windowsOptions.hostProcess: true` from the pod and containers; keep HostProcess pods to node agents in dedicated, access-controlled namespaces.',
  messages: {
    pod: 'Pod runs as Windows HostProcess (windowsOptions.hostProcess: true), so containers {{containers}} run on the node as host processes',
    container: 'Container "{{container}}" runs as a Windows HostProcess container on the node',
  },
  links: ['https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    // All containers of a HostProcess pod must be HostProcess: the pod-level flag decides them all.
    if (workload.podSpec.securityContext?.windowsOptions?.hostProcess === true) {
      const path = [...podSecurityPath(workload), 'windowsOptions', 'hostProcess'];
      // A container that repeats the flag would stay a HostProcess container, in a pod the API
      // server then rejects (HostProcess and regular containers cannot mix): it goes too.
      const repeated = workload.containers
        .filter((ref) => ref.container.securityContext?.windowsOptions?.hostProcess === true)
        .map((ref) => ({ op: 'remove' as const, path: toJsonPointer([...ref.path, 'securityContext', 'windowsOptions', 'hostProcess']) }));
      context.fail('pod', { containers: listNames(workload.containers.map((ref) => ref.name)) }, {
        path,
        fix: { kind: 'suggestion', description: 'Run the pod as a regular Windows container', operations: [{ op: 'remove', path: toJsonPointer(path) }, ...repeated] },
      });
      return;
    }
    for (const ref of workload.containers) {
      if (ref.container.securityContext?.windowsOptions?.hostProcess !== true) continue;
      const path = [...ref.path, 'securityContext', 'windowsOptions', 'hostProcess'];
      context.fail('container', { container: ref.name }, {
        container: ref.name,
        path,
        fix: { kind: 'suggestion', description: 'Run the container as a regular Windows container', operations: [{ op: 'remove', path: toJsonPointer(path) }] },
      });
    }
  },
});
