/**
 * Host paths whose mount hands a container the node: paths dangerous even read-only (node
 * credentials, every pod's Secrets, the whole filesystem) and paths dangerous once writable
 * (node binaries, agent and CNI directories, kernel settings). Used by
 * wl-hostpath-writable-sensitive and by the security graph's escape-to-node edges.
 */
import { relationTo } from './host-paths.js';

interface SensitivePath {
  path: string;
  why: string;
  /** Whether everything below the path is as sensitive as the path itself. */
  below: boolean;
}

/**
 * Host paths that are dangerous even read-only, what they hold, and whether everything below
 * them is too. Below /etc only the credential stores are: /etc/os-release or /etc/localtime
 * are harmless read-only.
 */
const SENSITIVE: readonly SensitivePath[] = [
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

/** Host paths whose danger is being writable. */
const WRITE_SENSITIVE: readonly SensitivePath[] = [
  { path: '/var/log', why: 'the kubelet follows symlinks planted in /var/log, reading any node file for the container', below: true },
  { path: '/sys', why: 'kernel and cgroup settings of the node', below: true },
  { path: '/usr', why: 'node binaries', below: true },
  { path: '/opt', why: 'node agents and CNI binaries (/opt/cni/bin)', below: true },
  { path: '/etc', why: 'node configuration, read at every boot and by every agent', below: true },
];

function sensitivity(hostPath: string, list: readonly SensitivePath[]): string | undefined {
  for (const { path, why, below } of list) {
    const relation = relationTo(hostPath, path);
    if (relation === 'same' || (relation === 'inside' && below)) return why;
    if (relation === 'contains') return `contains ${path}: ${why}`;
  }
  return undefined;
}

/** Why a (normalised) host path is dangerous to mount even read-only, if it is. */
export function readSensitivity(hostPath: string): string | undefined {
  return sensitivity(hostPath, SENSITIVE);
}

/** Why a (normalised) host path is dangerous to mount writable beyond what read-only exposes, if it is. */
export function writeSensitivity(hostPath: string): string | undefined {
  return sensitivity(hostPath, WRITE_SENSITIVE);
}

/** Why mounting the host path writable hands over the node, if it does. */
export function writableSensitivity(hostPath: string): string | undefined {
  return readSensitivity(hostPath) ?? writeSensitivity(hostPath);
}
