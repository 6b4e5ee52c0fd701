/**
 * Why a workload's containers can take over the node they run on: privileged containers, the
 * host PID or IPC namespace, a writable mount of a sensitive host path, a container runtime
 * socket, capabilities that break out of a container, a Windows HostProcess container. The same
 * facts the wl-* checks report, from the same analysis (security context, host paths).
 */
import type { EvidencePath, StepEvidence } from '../../../model/index.js';
import type { Workload } from '../../../inventory/index.js';
import { formatPath } from '../../../inventory/evidence-path.js';
import { hostPathMounts, runtimeSocketIn } from '../../../analysis/workload/host-paths.js';
import { effectiveSecurity, hasUserNamespace, isWindowsPod, normalizeCapability } from '../../../analysis/workload/security-context.js';
import { writableSensitivity } from '../../../analysis/workload/sensitive-host-paths.js';

/**
 * Capabilities that alone break out of a container to the node (SYS_PTRACE needs the host PID
 * namespace, which is an escape by itself; NET_ADMIN and NET_RAW attack the network, not the node).
 */
const ESCAPE_CAPABILITIES: Readonly<Record<string, string>> = {
  ALL: 'every capability',
  SYS_ADMIN: 'mount, namespaces and BPF: the classic container escape',
  SYS_MODULE: 'loading kernel modules',
  SYS_RAWIO: 'raw device and I/O port access',
  DAC_READ_SEARCH: 'open_by_handle_at, reading any node file (the "shocker" escape)',
  BPF: 'loading eBPF programs into the node kernel',
};

export function escapeReasons(workload: Workload): StepEvidence[] {
  const resource = { kind: workload.resource.kind, namespace: workload.namespace, name: workload.resource.name };
  const reasons: StepEvidence[] = [];
  const add = (path: EvidencePath, detail: string): void => {
    reasons.push({ resource, path: formatPath(path), detail });
  };
  const { podSpec, podSpecPath } = workload;
  if (podSpec.hostPID === true) add([...podSpecPath, 'hostPID'], "shares the node's PID namespace (hostPID): it sees and can enter every process on the node");
  if (podSpec.hostIPC === true) add([...podSpecPath, 'hostIPC'], "shares the node's IPC namespace (hostIPC)");
  const windows = isWindowsPod(podSpec);
  if (podSpec.securityContext?.windowsOptions?.hostProcess === true) {
    add([...podSpecPath, 'securityContext', 'windowsOptions', 'hostProcess'], 'runs as a Windows HostProcess pod: its containers are processes of the node');
  }
  for (const ref of workload.containers) {
    const security = effectiveSecurity(workload, ref);
    if (ref.container.securityContext?.privileged === true) add([...ref.path, 'securityContext', 'privileged'], `container "${ref.name}" runs privileged`);
    if (ref.container.securityContext?.windowsOptions?.hostProcess === true) {
      add([...ref.path, 'securityContext', 'windowsOptions', 'hostProcess'], `container "${ref.name}" runs as a Windows HostProcess container`);
    }
    // Capabilities inside a user namespace (hostUsers: false) are not the node's.
    if (windows || hasUserNamespace(podSpec)) continue;
    (security.capabilitiesAdd.value ?? []).forEach((added, index) => {
      const capability = normalizeCapability(added);
      const why = ESCAPE_CAPABILITIES[capability];
      if (why) add([...security.capabilitiesAdd.path, index], `container "${ref.name}" adds ${capability === 'ALL' ? 'ALL capabilities' : `CAP_${capability}`}: ${why}`);
    });
  }
  for (const mount of hostPathMounts(workload)) {
    const socket = runtimeSocketIn(mount.effectiveHostPath);
    if (socket) {
      add(mount.path, `container "${mount.ref.name}" mounts the ${socket.socket.runtime} socket (host path ${mount.effectiveHostPath}): it can start a privileged container on the node`);
      continue;
    }
    if (mount.readOnly) continue;
    const why = writableSensitivity(mount.effectiveHostPath);
    if (why) add([...mount.path, 'readOnly'], `container "${mount.ref.name}" mounts host path ${mount.effectiveHostPath} writable (${why})`);
  }
  return reasons;
}
