import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { addOperation } from '../../../analysis/workload/security-context.js';
import { hostPathMounts, relationTo, runtimeSocketIn } from '../../../analysis/workload/host-paths.js';

/**
 * Host paths that are dangerous even read-only, what they hold, and whether everything below
 * them is too. Below /etc only the credential stores are: /etc/os-release or /etc/localtime
 * are harmless read-only.
 */
const SENSITIVE: ReadonlyArray<{ path: string; why: string; below: boolean }> = [
  { path: '/', why: 'the whole node filesystem', below: false },
  { path: '/etc', why: 'node configuration and credentials', below: false },
  { path: '/etc/shadow', why: 'password hashes of the node accounts', below: true },
  { path: '/etc/gshadow', why: 'group password hashes of the node', below: true },
  { path: '/etc/kubernetes', why: 'kubelet configuration and credentials', below: true },
  { path: '/etc/eks', why: 'EKS node bootstrap configuration', below: true },
  { path: '/etc/ssh', why: 'SSH host keys of the node', below: true },
  { path: '/etc/sudoers', why: 'the node sudo policy', below: true },
  { path: '/root', why: "root's home, SSH keys and tool credentials", below: true },
  { path: '/home', why: 'user homes and their SSH keys', below: true },
  { path: '/boot', why: 'the kernel and boot loader', below: true },
  { path: '/dev', why: 'host devices (raw disks)', below: true },
  { path: '/proc', why: 'host processes and kernel tunables', below: true },
  { path: '/var/lib/kubelet', why: "every pod's Secrets and service account tokens, and the kubelet credentials", below: true },
  { path: '/var/lib/containerd', why: 'the images and filesystems of every container on the node', below: true },
  { path: '/var/lib/docker', why: 'the images and filesystems of every container on the node', below: true },
];

/** Host paths whose danger is being writable: said in the finding, not flagged read-only. */
const WRITE_SENSITIVE = [
  { path: '/var/log', why: 'the kubelet follows symlinks planted in /var/log, reading any node file for the container', below: true },
  { path: '/sys', why: 'kernel and cgroup settings of the node', below: true },
  { path: '/usr', why: 'node binaries', below: true },
  { path: '/opt', why: 'node agents and CNI binaries (/opt/cni/bin)', below: true },
  { path: '/etc', why: 'node configuration, read at every boot and by every agent', below: true },
];

function sensitivity(hostPath: string, list: ReadonlyArray<{ path: string; why: string; below: boolean }>): string | undefined {
  for (const { path, why, below } of list) {
    const relation = relationTo(hostPath, path);
    if (relation === 'same' || (relation === 'inside' && below)) return why;
    if (relation === 'contains') return `contains ${path}: ${why}`;
  }
  return undefined;
}

export const check = defineCheck<Workload, 'writable' | 'sensitive'>({
  id: 'wl-hostpath-writable-sensitive',
  title: 'Writable or sensitive hostPath mount',
  severity: 'high',
  area: 'workload',
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
      const readSensitive = sensitivity(hostPath, SENSITIVE);
      const data = { container: mount.ref.name, hostPath, mountPath: mount.mountPath };
      if (!mount.readOnly) {
        const why = readSensitive ?? sensitivity(hostPath, WRITE_SENSITIVE);
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
