import type { EvidencePath } from '../../model/index.js';
import type { ContainerRef, PodTemplate } from '../../inventory/index.js';

/** `//var/./lib/../log/` → `/var/log`; a relative path is read from `/` as the kubelet would. */
export function normalizeHostPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export type PathRelation = 'same' | 'inside' | 'contains';

/**
 * How a mounted host path relates to a sensitive one: the same path, a path inside it, or a
 * parent directory that contains it (mounting `/var` exposes `/var/lib/kubelet`).
 */
export function relationTo(mounted: string, sensitive: string): PathRelation | undefined {
  if (mounted === sensitive) return 'same';
  if (sensitive === '/' || mounted.startsWith(`${sensitive}/`)) return 'inside';
  if (mounted === '/' || sensitive.startsWith(`${mounted}/`)) return 'contains';
  return undefined;
}

export interface HostPathVolume {
  name: string;
  index: number;
  /** Normalised host path of the volume. */
  hostPath: string;
  /** `…volumes[i].hostPath.path` from the object root. */
  path: EvidencePath;
}

export interface HostPathMount {
  volume: HostPathVolume;
  ref: ContainerRef;
  mountIndex: number;
  mountPath: string;
  readOnly: boolean;
  /** The host path the container sees: the volume's path joined with the mount's subPath. */
  effectiveHostPath: string;
  /** `…volumeMounts[j]` from the object root. */
  path: EvidencePath;
}

export function hostPathVolumes(template: PodTemplate): HostPathVolume[] {
  const volumes: HostPathVolume[] = [];
  (template.podSpec.volumes ?? []).forEach((volume, index) => {
    const hostPath = volume.hostPath?.path;
    if (typeof hostPath !== 'string') return;
    volumes.push({
      name: volume.name ?? `volumes[${index}]`,
      index,
      hostPath: normalizeHostPath(hostPath),
      path: [...template.podSpecPath, 'volumes', index, 'hostPath', 'path'],
    });
  });
  return volumes;
}

/** Every container mount of a hostPath volume (init and ephemeral containers included). */
export function hostPathMounts(template: PodTemplate): HostPathMount[] {
  const byName = new Map(hostPathVolumes(template).map((volume) => [volume.name, volume]));
  const mounts: HostPathMount[] = [];
  for (const ref of template.containers) {
    (ref.container.volumeMounts ?? []).forEach((mount, mountIndex) => {
      const volume = mount.name === undefined ? undefined : byName.get(mount.name);
      if (!volume) return;
      // subPathExpr expands at runtime; the volume's own path is the most we can tell.
      const subPath = typeof mount.subPath === 'string' ? mount.subPath : '';
      mounts.push({
        volume,
        ref,
        mountIndex,
        mountPath: mount.mountPath ?? '',
        readOnly: mount.readOnly === true,
        effectiveHostPath: subPath ? normalizeHostPath(`${volume.hostPath}/${subPath}`) : volume.hostPath,
        path: [...ref.path, 'volumeMounts', mountIndex],
      });
    });
  }
  return mounts;
}

/** `/var/run` is a symlink to `/run` on every current node OS; compare in the `/run` form. */
export function canonicalRunPath(path: string): string {
  return path === '/var/run' || path.startsWith('/var/run/') ? `/run${path.slice('/var/run'.length)}` : path;
}

/** Sockets that hand whoever can write to them control of containers, or of the node. */
export const RUNTIME_SOCKETS: ReadonlyArray<{ path: string; runtime: string }> = [
  { path: '/run/containerd/containerd.sock', runtime: 'containerd' },
  { path: '/run/docker.sock', runtime: 'Docker' },
  { path: '/run/crio/crio.sock', runtime: 'CRI-O' },
  { path: '/run/cri-dockerd.sock', runtime: 'cri-dockerd' },
  { path: '/run/dockershim.sock', runtime: 'dockershim' },
  { path: '/run/podman/podman.sock', runtime: 'Podman' },
  { path: '/run/k3s/containerd/containerd.sock', runtime: 'k3s containerd' },
  { path: '/run/buildkit/buildkitd.sock', runtime: 'BuildKit' },
  { path: '/run/api.sock', runtime: 'Bottlerocket API' },
];

/** The runtime socket a host path is, or the first one a mounted directory contains. */
export function runtimeSocketIn(hostPath: string): { socket: (typeof RUNTIME_SOCKETS)[number]; relation: 'same' | 'contains' } | undefined {
  const path = canonicalRunPath(hostPath);
  for (const socket of RUNTIME_SOCKETS) {
    const relation = relationTo(path, socket.path);
    if (relation === 'same' || relation === 'contains') return { socket, relation };
  }
  return undefined;
}
