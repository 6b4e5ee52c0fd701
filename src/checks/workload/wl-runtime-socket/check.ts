import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { hostPathMounts, runtimeSocketIn } from '../../../analysis/workload/host-paths.js';

export const check = defineCheck<Workload, 'socket' | 'directory'>({
  id: 'wl-runtime-socket',
  title: 'Container runtime socket mounted',
  severity: 'critical',
  area: 'workload',
  admission: true,
  description:
    'The container runtime socket (containerd, Docker, CRI-O…) accepts commands as root on the node: whoever reaches it starts a privileged container with the host filesystem, reads every container, and takes the node. Mounting it read-only does not help: a socket is written to by connecting.',
  remediation:
    'Remove the runtime socket (or the directory holding it) from the pod. Build images with rootless builders (BuildKit rootless, Kaniko) and collect container metadata through the Kubernetes API.',
  messages: {
    socket: 'Container "{{container}}" mounts the {{runtime}} socket "{{hostPath}}" at {{mountPath}}',
    directory: 'Container "{{container}}" mounts host directory "{{hostPath}}" at {{mountPath}}, which holds the {{runtime}} socket {{socket}}',
  },
  links: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    const reported = new Set<string>();
    for (const mount of hostPathMounts(workload)) {
      const found = runtimeSocketIn(mount.effectiveHostPath);
      if (!found) continue;
      const key = `${mount.ref.name}\u0000${mount.volume.index}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const data = { container: mount.ref.name, hostPath: mount.effectiveHostPath, mountPath: mount.mountPath, runtime: found.socket.runtime, socket: found.socket.path };
      context.fail(found.relation === 'same' ? 'socket' : 'directory', data, { container: mount.ref.name, path: mount.volume.path });
    }
  },
});
