import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { hostPathMounts, hostPathVolumes } from '../../../analysis/workload/host-paths.js';

export const check = defineCheck<Workload, 'hostPath' | 'unmounted'>({
  id: 'wl-hostpath',
  title: 'Pod mounts a hostPath volume',
  severity: 'medium',
  area: 'workload',
  admission: true,
  description:
    "A hostPath volume exposes part of the node's filesystem to the pod. It ties the pod to the node, bypasses storage isolation, and is the usual first step of a container escape (node credentials, other pods' data, runtime sockets).",
  remediation:
    'Replace hostPath volumes with emptyDir, ConfigMap/Secret, projected or persistent volumes. Keep hostPath only for node agents, mounted read-only and as narrow as possible.',
  messages: {
    hostPath: 'Volume "{{volume}}" mounts host path "{{hostPath}}" into {{mounts}}',
    unmounted: 'Volume "{{volume}}" declares host path "{{hostPath}}" (no container mounts it yet)',
  },
  links: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    const mounts = hostPathMounts(workload);
    for (const volume of hostPathVolumes(workload)) {
      const uses = mounts
        .filter((mount) => mount.volume.index === volume.index)
        .map((mount) => `"${mount.ref.name}" at ${mount.mountPath}${mount.readOnly ? ' (read-only)' : ''}`);
      if (uses.length === 0) {
        context.fail('unmounted', { volume: volume.name, hostPath: volume.hostPath }, { path: volume.path });
        continue;
      }
      context.fail('hostPath', { volume: volume.name, hostPath: volume.hostPath, mounts: uses.join(', ') }, { path: volume.path });
    }
  },
});
