/**
 * The Pod Security Standards as data: levels, policy versions, controls, and the allow-lists
 * (capabilities, sysctls) that change from one policy version to the next.
 */
export const PSS_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export type PssLevel = (typeof PSS_LEVELS)[number];
export type EnforcingLevel = Exclude<PssLevel, 'privileged'>;

/**
 * The newest policy version this evaluator knows. `latest` resolves to it, as the admission
 * controller resolves `latest` to the newest version its checks define.
 */
export const LATEST_POLICY_MINOR = 37;

export interface PolicyVersion {
  /** Minor of `v1.<minor>`; `latest` and versions newer than we know resolve to LATEST_POLICY_MINOR. */
  minor: number;
  latest: boolean;
}

export const LATEST_POLICY_VERSION: PolicyVersion = { minor: LATEST_POLICY_MINOR, latest: true };

export type PssControlId =
  | 'host-process'
  | 'host-namespaces'
  | 'privileged-containers'
  | 'capabilities'
  | 'hostpath-volumes'
  | 'host-ports'
  | 'host-probes-lifecycle'
  | 'apparmor'
  | 'selinux'
  | 'proc-mount'
  | 'seccomp'
  | 'sysctls'
  | 'volume-types'
  | 'privilege-escalation'
  | 'running-as-non-root'
  | 'running-as-non-root-user'
  | 'restricted-seccomp'
  | 'restricted-capabilities';

/** The controls of the standard, titled as the Pod Security Standards page names them. */
export const PSS_CONTROLS: Record<PssControlId, { title: string; level: EnforcingLevel }> = {
  'host-process': { title: 'HostProcess', level: 'baseline' },
  'host-namespaces': { title: 'Host Namespaces', level: 'baseline' },
  'privileged-containers': { title: 'Privileged Containers', level: 'baseline' },
  capabilities: { title: 'Capabilities', level: 'baseline' },
  'hostpath-volumes': { title: 'HostPath Volumes', level: 'baseline' },
  'host-ports': { title: 'Host Ports', level: 'baseline' },
  'host-probes-lifecycle': { title: 'Host Probes / Lifecycle Hooks', level: 'baseline' },
  apparmor: { title: 'AppArmor', level: 'baseline' },
  selinux: { title: 'SELinux', level: 'baseline' },
  'proc-mount': { title: '/proc Mount Type', level: 'baseline' },
  seccomp: { title: 'Seccomp', level: 'baseline' },
  sysctls: { title: 'Sysctls', level: 'baseline' },
  'volume-types': { title: 'Volume Types', level: 'restricted' },
  'privilege-escalation': { title: 'Privilege Escalation', level: 'restricted' },
  'running-as-non-root': { title: 'Running as Non-root', level: 'restricted' },
  'running-as-non-root-user': { title: 'Running as Non-root user', level: 'restricted' },
  'restricted-seccomp': { title: 'Seccomp (restricted)', level: 'restricted' },
  'restricted-capabilities': { title: 'Capabilities (restricted)', level: 'restricted' },
};

/** Finding text by control id, each `<control title>: <template>`, for checks that report per control. */
export function pssControlMessages(template: string): Record<PssControlId, string> {
  const entries = Object.entries(PSS_CONTROLS).map(([id, { title }]) => [id, `${title}: ${template}`]);
  return Object.fromEntries(entries) as Record<PssControlId, string>;
}

/** Capabilities baseline lets a container add: the container runtime's default set minus NET_RAW. */
export const BASELINE_ADDABLE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** Namespaced sysctls baseline allows, with the policy version that first allows each. */
const SAFE_SYSCTLS_SINCE: ReadonlyArray<readonly [string, number]> = [
  ['kernel.shm_rmid_forced', 0],
  ['net.ipv4.ip_local_port_range', 0],
  ['net.ipv4.tcp_syncookies', 0],
  ['net.ipv4.ping_group_range', 0],
  ['net.ipv4.ip_unprivileged_port_start', 0],
  ['net.ipv4.ip_local_reserved_ports', 27],
  ['net.ipv4.tcp_keepalive_time', 29],
  ['net.ipv4.tcp_fin_timeout', 29],
  ['net.ipv4.tcp_keepalive_intvl', 29],
  ['net.ipv4.tcp_keepalive_probes', 29],
  ['net.ipv4.tcp_rmem', 32],
  ['net.ipv4.tcp_wmem', 32],
  ['net.ipv4.tcp_slow_start_after_idle', 37],
  ['net.ipv4.tcp_notsent_lowat', 37],
];

export function safeSysctls(version: PolicyVersion = LATEST_POLICY_VERSION): ReadonlySet<string> {
  return new Set(SAFE_SYSCTLS_SINCE.filter(([, since]) => since <= version.minor).map(([name]) => name));
}

/** `net/ipv4/ip_local_port_range` is the same sysctl as `net.ipv4.ip_local_port_range`. */
export function canonicalSysctlName(name: string): string {
  if (!name.includes('/')) return name;
  return name.replace(/[./]/g, (separator) => (separator === '/' ? '.' : '/'));
}

/** Policy-version changes that alter verdicts, newest last (for "what an old pin misses"). */
export const POLICY_CHANGES: ReadonlyArray<{ minor: number; change: string }> = [
  { minor: 19, change: 'seccomp decided by the seccompProfile field instead of the alpha annotations' },
  { minor: 22, change: 'restricted requires capabilities.drop ["ALL"]' },
  { minor: 23, change: 'restricted forbids runAsUser 0' },
  { minor: 25, change: 'restricted exempts Windows pods from Linux-only controls' },
  { minor: 27, change: 'sysctl net.ipv4.ip_local_reserved_ports allowed' },
  { minor: 29, change: 'TCP keepalive and fin_timeout sysctls allowed' },
  { minor: 31, change: 'SELinux type container_engine_t allowed' },
  { minor: 32, change: 'sysctls net.ipv4.tcp_rmem and net.ipv4.tcp_wmem allowed' },
  { minor: 34, change: 'baseline forbids a host in probes and lifecycle hooks' },
  { minor: 35, change: 'user-namespace pods (hostUsers: false) relaxed for runAsNonRoot, runAsUser and baseline procMount' },
  { minor: 37, change: 'sysctls net.ipv4.tcp_slow_start_after_idle and net.ipv4.tcp_notsent_lowat allowed' },
];
