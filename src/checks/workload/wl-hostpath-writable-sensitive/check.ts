import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { addOperation } from '../../../analysis/workload/security-context.js';
import { hostPathMounts, runtimeSocketIn } from '../../../analysis/workload/host-paths.js';
import { readSensitivity, writeSensitivity } from '../../../analysis/workload/sensitive-host-paths.js';

export const check = defineCheck<Workload, 'writable' | 'sensitive'>({
  id: 'wl-hostpath-writable-sensitive',
  title: 'Writable or sensitive hostPath mount',
  severity: 'high',
  area: 'workload',
  admission: true,
  description:
    "A container that can write to the node's filesystem can plant binaries, cron jobs, kubelet or CNI configuration and take the node. Some host paths are dangerous even read-only: /, /etc, /var/lib/kubelet (all pods' Secrets and tokens), /proc, container storage. Runtime sockets are reported by wl-runtime-socket.",
  remediation:
    'Mount hostPath volumes with `readOnly: true`, as narrowly as possible (a file, not its directory), and never the sensitive paths; prefer other volume types.',
  messages: {
    writable: 'Container "{{container}}" mounts host path "{{hostPath}}" writable at {{mountPath}}{{why}}',
    sensitive: 'Container "{{container}}" mounts sensitive host path "{{hostPath}}" at {{mountPath}} (read-only): {{why}}',
  },
  links: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    const reported = new Set<string>();
    for (const mount of hostPathMounts(workload)) {
      const hostPath = mount.effectiveHostPath;
      const socket = runtimeSocketIn(hostPath);
      if (socket?.relation === 'same') continue;
      const readSensitive = readSensitivity(hostPath);
      const data = { container: mount.ref.name, hostPath, mountPath: mount.mountPath };
      if (!mount.readOnly) {
        const why = readSensitive ?? writeSensitivity(hostPath);
        const path = [...mount.path, 'readOnly'];
        context.fail('writable', { ...data, why: why ? ` (${why})` : '' }, {
          container: mount.ref.name,
          path,
          // Agents that write there (log shippers' positions, CSI drivers) break read-only.
          fix: { kind: 'suggestion', description: 'Mount the host path read-only', operations: [addOperation(workload.object, path, true)] },
        });
        continue;
      }
      const key = `${mount.ref.name}\u0000${mount.volume.index}`;
      if (!readSensitive || reported.has(key)) continue;
      reported.add(key);
      context.fail('sensitive', { ...data, why: readSensitive }, { container: mount.ref.name, path: mount.volume.path });
    }
  },
});
