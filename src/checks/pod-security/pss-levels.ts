/**
 * The Kubernetes Pod Security Standards (baseline and restricted) evaluated over a pod spec,
 * as the PodSecurity admission controller decides them, policy version by policy version.
 * Each violation names the control, the level that forbids it and the evidence path of the
 * field that decides, so callers (checks, an admission webhook, a "pss" compliance framework)
 * can point at the exact line.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/pod-security-standards/ and the
 * policy versions of k8s.io/pod-security-admission (what changed when is in POLICY_CHANGES).
 */
import type { Container, EvidencePath, ObjectMeta, PathSegment, PodSpec } from '../../model/index.js';
import { CONTAINER_LISTS } from '../../model/index.js';
import {
  BASELINE_ADDABLE_CAPABILITIES,
  LATEST_POLICY_MINOR,
  LATEST_POLICY_VERSION,
  PSS_CONTROLS,
  safeSysctls,
  type EnforcingLevel,
  type PolicyVersion,
  type PssControlId,
  type PssLevel,
} from './pss-catalogue.js';

export interface PssViolation {
  control: PssControlId;
  /** The lowest level that forbids what was found. */
  level: EnforcingLevel;
  /** Evidence path from the object root: the field that decides, or where it must be set. */
  path: EvidencePath;
  /** The container the field belongs to, when it is one container's. */
  container?: string;
  /** Containers that take a pod-level value (or its absence) and so violate through it. */
  containers?: string[];
  /** What is wrong, in one line: `hostPID is true`, `adds capability "SYS_ADMIN"`. */
  detail: string;
}

export interface PssInput {
  podSpec: PodSpec;
  podMetadata?: ObjectMeta;
  /** Where the pod spec sits in the object (`['spec']` for a Pod, the default). */
  podSpecPath?: EvidencePath;
  /** Where the pod metadata sits in the object (`['metadata']` for a Pod, the default). */
  podMetadataPath?: EvidencePath;
}

interface VisitedContainer {
  container: Container;
  name: string;
  path: EvidencePath;
}

class Evaluation {
  readonly violations: PssViolation[] = [];
  readonly spec: PodSpec;
  readonly annotations: Record<string, string>;
  readonly specPath: EvidencePath;
  readonly metadataPath: EvidencePath;
  readonly containers: VisitedContainer[] = [];

  constructor(
    input: PssInput,
    readonly level: EnforcingLevel,
    readonly minor: number,
  ) {
    this.spec = input.podSpec;
    this.annotations = input.podMetadata?.annotations ?? {};
    this.specPath = input.podSpecPath ?? ['spec'];
    this.metadataPath = input.podMetadataPath ?? ['metadata'];
    for (const list of CONTAINER_LISTS) {
      (this.spec[list] ?? []).forEach((container, index) => {
        if (!container || typeof container !== 'object') return;
        this.containers.push({
          container,
          name: typeof container.name === 'string' ? container.name : `${list}[${index}]`,
          path: [...this.specPath, list, index],
        });
      });
    }
  }

  get windows(): boolean {
    const os = this.spec.os as { name?: unknown } | undefined;
    return os?.name === 'windows';
  }

  get userNamespace(): boolean {
    return this.spec.hostUsers === false;
  }

  pod(...path: PathSegment[]): EvidencePath {
    return [...this.specPath, ...path];
  }

  report(control: PssControlId, path: EvidencePath, detail: string, extra: Partial<PssViolation> = {}): void {
    this.violations.push({ control, level: PSS_CONTROLS[control].level, path, detail, ...extra });
  }
}

interface Rule {
  control: PssControlId;
  /** First policy version that has the control. */
  since: number;
  /** A restricted control that replaces a baseline one wherever restricted applies. */
  replaces?: PssControlId;
  run(evaluation: Evaluation): void;
}

const isSet = (value: unknown): boolean => value !== undefined && value !== null;

const BASELINE_RULES: Rule[] = [
  {
    control: 'host-process',
    since: 0,
    run(e) {
      if (e.spec.securityContext?.windowsOptions?.hostProcess === true) {
        e.report('host-process', e.pod('securityContext', 'windowsOptions', 'hostProcess'), 'pod sets windowsOptions.hostProcess true');
      }
      for (const c of e.containers) {
        if (c.container.securityContext?.windowsOptions?.hostProcess === true) {
          e.report('host-process', [...c.path, 'securityContext', 'windowsOptions', 'hostProcess'], 'sets windowsOptions.hostProcess true', { container: c.name });
        }
      }
    },
  },
  {
    control: 'host-namespaces',
    since: 0,
    run(e) {
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
        if (e.spec[field] === true) e.report('host-namespaces', e.pod(field), `${field} is true`);
      }
    },
  },
  {
    control: 'privileged-containers',
    since: 0,
    run(e) {
      for (const c of e.containers) {
        if (c.container.securityContext?.privileged === true) {
          e.report('privileged-containers', [...c.path, 'securityContext', 'privileged'], 'runs privileged', { container: c.name });
        }
      }
    },
  },
  {
    control: 'capabilities',
    since: 0,
    run(e) {
      for (const c of e.containers) {
        (c.container.securityContext?.capabilities?.add ?? []).forEach((capability, index) => {
          if (BASELINE_ADDABLE_CAPABILITIES.has(capability)) return;
          e.report('capabilities', [...c.path, 'securityContext', 'capabilities', 'add', index], `adds capability "${capability}"`, { container: c.name });
        });
      }
    },
  },
  {
    control: 'hostpath-volumes',
    since: 0,
    run(e) {
      (e.spec.volumes ?? []).forEach((volume, index) => {
        if (isSet(volume?.hostPath)) {
          e.report('hostpath-volumes', e.pod('volumes', index, 'hostPath'), `volume "${volume.name ?? index}" is a hostPath volume`);
        }
      });
    },
  },
  {
    control: 'host-ports',
    since: 0,
    run(e) {
      for (const c of e.containers) {
        (c.container.ports ?? []).forEach((port, index) => {
          if (port?.hostPort === undefined || port.hostPort === 0) return;
          e.report('host-ports', [...c.path, 'ports', index, 'hostPort'], `uses hostPort ${port.hostPort}`, { container: c.name });
        });
      }
    },
  },
  {
    control: 'host-probes-lifecycle',
    since: 34,
    run(e) {
      for (const c of e.containers) {
        const handlers: Array<[PathSegment[], unknown]> = [
          [['livenessProbe'], c.container.livenessProbe],
          [['readinessProbe'], c.container.readinessProbe],
          [['startupProbe'], c.container.startupProbe],
          [['lifecycle', 'postStart'], (c.container.lifecycle as Record<string, unknown> | undefined)?.postStart],
          [['lifecycle', 'preStop'], (c.container.lifecycle as Record<string, unknown> | undefined)?.preStop],
        ];
        for (const [where, handler] of handlers) {
          for (const kind of ['httpGet', 'tcpSocket']) {
            const host = (handler as Record<string, { host?: unknown } | undefined> | undefined)?.[kind]?.host;
            if (typeof host !== 'string' || host === '') continue;
            e.report('host-probes-lifecycle', [...c.path, ...where, kind, 'host'], `${where.join('.')} ${kind} targets host "${host}"`, { container: c.name });
          }
        }
      }
    },
  },
  {
    control: 'apparmor',
    since: 0,
    run(e) {
      const allowedType = (type: unknown): boolean => type === 'RuntimeDefault' || type === 'Localhost';
      const podProfile = e.spec.securityContext?.appArmorProfile;
      if (isSet(podProfile) && !allowedType(podProfile?.type)) {
        e.report('apparmor', e.pod('securityContext', 'appArmorProfile', 'type'), `pod sets AppArmor profile type "${podProfile?.type ?? ''}"`);
      }
      for (const c of e.containers) {
        const profile = c.container.securityContext?.appArmorProfile;
        if (isSet(profile) && !allowedType(profile?.type)) {
          e.report('apparmor', [...c.path, 'securityContext', 'appArmorProfile', 'type'], `sets AppArmor profile type "${profile?.type ?? ''}"`, { container: c.name });
        }
      }
      for (const [key, value] of Object.entries(e.annotations)) {
        if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX)) continue;
        if (value === '' || value === 'runtime/default' || value.startsWith('localhost/')) continue;
        e.report('apparmor', [...e.metadataPath, 'annotations', key], `annotation sets AppArmor profile "${value}"`, {
          container: key.slice(APPARMOR_ANNOTATION_PREFIX.length),
        });
      }
    },
  },
  {
    control: 'selinux',
    since: 0,
    run(e) {
      const allowedTypes = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
      if (e.minor >= 31) allowedTypes.add('container_engine_t');
      const check = (options: Record<string, string> | undefined, path: EvidencePath, who: string, container?: string): void => {
        if (!options || typeof options !== 'object') return;
        const extra = container === undefined ? {} : { container };
        const type = options.type ?? '';
        if (!allowedTypes.has(type)) e.report('selinux', [...path, 'type'], `${who}sets SELinux type "${type}"`, extra);
        if (options.user) e.report('selinux', [...path, 'user'], `${who}sets SELinux user "${options.user}"`, extra);
        if (options.role) e.report('selinux', [...path, 'role'], `${who}sets SELinux role "${options.role}"`, extra);
      };
      check(e.spec.securityContext?.seLinuxOptions, e.pod('securityContext', 'seLinuxOptions'), 'pod ');
      for (const c of e.containers) {
        check(c.container.securityContext?.seLinuxOptions, [...c.path, 'securityContext', 'seLinuxOptions'], '', c.name);
      }
    },
  },
  {
    control: 'proc-mount',
    since: 0,
    run(e) {
      // From v1.35 baseline lets user-namespace pods unmask /proc; restricted never does.
      const relaxedForBaseline = e.minor >= 35 && e.userNamespace;
      if (relaxedForBaseline && e.level === 'baseline') return;
      for (const c of e.containers) {
        const procMount = c.container.securityContext?.procMount;
        if (procMount === undefined || procMount === 'Default') continue;
        e.report('proc-mount', [...c.path, 'securityContext', 'procMount'], `sets procMount "${procMount}"`, {
          container: c.name,
          level: relaxedForBaseline ? 'restricted' : 'baseline',
        });
      }
    },
  },
  {
    control: 'seccomp',
    since: 0,
    run(e) {
      if (e.minor < 19) return legacySeccompAnnotations(e);
      const allowed = (type: unknown): boolean => type === 'RuntimeDefault' || type === 'Localhost';
      const podProfile = e.spec.securityContext?.seccompProfile;
      if (isSet(podProfile) && !allowed(podProfile?.type)) {
        e.report('seccomp', e.pod('securityContext', 'seccompProfile', 'type'), `pod sets seccomp profile type "${podProfile?.type ?? ''}"`);
      }
      for (const c of e.containers) {
        const profile = c.container.securityContext?.seccompProfile;
        if (isSet(profile) && !allowed(profile?.type)) {
          e.report('seccomp', [...c.path, 'securityContext', 'seccompProfile', 'type'], `sets seccomp profile type "${profile?.type ?? ''}"`, { container: c.name });
        }
      }
    },
  },
  {
    control: 'sysctls',
    since: 0,
    run(e) {
      const safe = safeSysctls({ minor: e.minor, latest: false });
      (e.spec.securityContext?.sysctls ?? []).forEach((sysctl, index) => {
        const name = sysctl?.name ?? '';
        // Admission compares names as written: the `/` spelling of a safe sysctl is rejected.
        if (safe.has(name)) return;
        e.report('sysctls', e.pod('securityContext', 'sysctls', index, 'name'), `sets sysctl "${name}"`);
      });
    },
  },
];

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** Before v1.19 seccomp lived in alpha annotations; baseline only forbade `unconfined`. */
function legacySeccompAnnotations(e: Evaluation): void {
  for (const [key, value] of Object.entries(e.annotations)) {
    if (key !== SECCOMP_POD_ANNOTATION && !key.startsWith(SECCOMP_CONTAINER_ANNOTATION_PREFIX)) continue;
    if (value !== 'unconfined') continue;
    const extra = key === SECCOMP_POD_ANNOTATION ? {} : { container: key.slice(SECCOMP_CONTAINER_ANNOTATION_PREFIX.length) };
    e.report('seccomp', [...e.metadataPath, 'annotations', key], 'annotation sets seccomp profile "unconfined"', extra);
  }
}

/** Volume sources restricted allows: those that cannot reach the node or arbitrary storage. */
const RESTRICTED_VOLUME_SOURCES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
]);

/**
 * Containers that leave a pod-inheritable field unset violate through the pod level. When every
 * container does, the one fix is at the pod level; otherwise each such container is the place.
 */
function reportImplicit(
  e: Evaluation,
  control: PssControlId,
  implicit: VisitedContainer[],
  field: PathSegment[],
  detail: string,
): void {
  if (implicit.length === 0) return;
  if (implicit.length === e.containers.length) {
    e.report(control, e.pod('securityContext', ...field), `pod and its containers leave ${detail}`, {
      containers: implicit.map((c) => c.name),
    });
    return;
  }
  for (const c of implicit) {
    e.report(control, [...c.path, 'securityContext', ...field], `leaves ${detail}`, { container: c.name });
  }
}

const RESTRICTED_RULES: Rule[] = [
  {
    control: 'volume-types',
    since: 0,
    replaces: 'hostpath-volumes',
    run(e) {
      (e.spec.volumes ?? []).forEach((volume, index) => {
        if (!volume || typeof volume !== 'object') return;
        const sources = Object.keys(volume).filter((key) => key !== 'name' && isSet(volume[key]));
        if (sources.some((source) => RESTRICTED_VOLUME_SOURCES.has(source))) return;
        const source = sources[0];
        const path = source === undefined ? e.pod('volumes', index) : e.pod('volumes', index, source);
        e.report('volume-types', path, `volume "${volume.name ?? index}" uses volume type "${source ?? 'unknown'}"`);
      });
    },
  },
  {
    control: 'privilege-escalation',
    since: 8,
    run(e) {
      if (e.minor >= 25 && e.windows) return;
      for (const c of e.containers) {
        const value = c.container.securityContext?.allowPrivilegeEscalation;
        if (value === false) continue;
        e.report('privilege-escalation', [...c.path, 'securityContext', 'allowPrivilegeEscalation'],
          value === true ? 'sets allowPrivilegeEscalation true' : 'leaves allowPrivilegeEscalation unset (it defaults to true)', { container: c.name });
      }
    },
  },
  {
    control: 'running-as-non-root',
    since: 0,
    run(e) {
      if (e.minor >= 35 && e.userNamespace) return;
      const podValue = e.spec.securityContext?.runAsNonRoot;
      const implicit: VisitedContainer[] = [];
      const inheritingFalse: string[] = [];
      for (const c of e.containers) {
        const value = c.container.securityContext?.runAsNonRoot;
        if (value === false) {
          e.report('running-as-non-root', [...c.path, 'securityContext', 'runAsNonRoot'], 'sets runAsNonRoot false', { container: c.name });
        } else if (value === undefined && podValue === false) {
          inheritingFalse.push(c.name);
        } else if (value === undefined && podValue !== true) {
          implicit.push(c);
        }
      }
      if (podValue === false) {
        e.report('running-as-non-root', e.pod('securityContext', 'runAsNonRoot'), 'pod sets runAsNonRoot false', { containers: inheritingFalse });
        return;
      }
      reportImplicit(e, 'running-as-non-root', implicit, ['runAsNonRoot'], 'runAsNonRoot unset (it must be true)');
    },
  },
  {
    control: 'running-as-non-root-user',
    since: 23,
    run(e) {
      if (e.minor >= 35 && e.userNamespace) return;
      if (e.spec.securityContext?.runAsUser === 0) {
        e.report('running-as-non-root-user', e.pod('securityContext', 'runAsUser'), 'pod sets runAsUser 0');
      }
      for (const c of e.containers) {
        if (c.container.securityContext?.runAsUser === 0) {
          e.report('running-as-non-root-user', [...c.path, 'securityContext', 'runAsUser'], 'sets runAsUser 0', { container: c.name });
        }
      }
    },
  },
  {
    control: 'restricted-seccomp',
    since: 19,
    replaces: 'seccomp',
    run(e) {
      if (e.minor >= 25 && e.windows) return;
      const allowed = (type: unknown): boolean => type === 'RuntimeDefault' || type === 'Localhost';
      const podProfile = e.spec.securityContext?.seccompProfile;
      const podSet = isSet(podProfile);
      if (podSet && !allowed(podProfile?.type)) {
        e.report('restricted-seccomp', e.pod('securityContext', 'seccompProfile', 'type'), `pod sets seccomp profile type "${podProfile?.type ?? ''}"`);
      }
      const implicit: VisitedContainer[] = [];
      for (const c of e.containers) {
        const profile = c.container.securityContext?.seccompProfile;
        if (isSet(profile)) {
          if (!allowed(profile?.type)) {
            e.report('restricted-seccomp', [...c.path, 'securityContext', 'seccompProfile', 'type'], `sets seccomp profile type "${profile?.type ?? ''}"`, { container: c.name });
          }
        } else if (!podSet) {
          implicit.push(c);
        }
      }
      reportImplicit(e, 'restricted-seccomp', implicit, ['seccompProfile'], 'seccompProfile unset (it must be RuntimeDefault or Localhost)');
    },
  },
  {
    control: 'restricted-capabilities',
    since: 22,
    replaces: 'capabilities',
    run(e) {
      if (e.minor >= 25 && e.windows) return;
      for (const c of e.containers) {
        const capabilities = c.container.securityContext?.capabilities;
        if (!(capabilities?.drop ?? []).includes('ALL')) {
          e.report('restricted-capabilities', [...c.path, 'securityContext', 'capabilities', 'drop'], 'does not drop ALL capabilities', { container: c.name });
        }
        (capabilities?.add ?? []).forEach((capability, index) => {
          if (capability === 'NET_BIND_SERVICE') return;
          e.report('restricted-capabilities', [...c.path, 'securityContext', 'capabilities', 'add', index], `adds capability "${capability}"`, { container: c.name });
        });
      }
    },
  },
];

/**
 * Violations of a Pod Security Standard level by a pod spec (or a workload's pod template),
 * as PodSecurity admission would decide them at that policy version. `privileged` allows all.
 */
export function evaluatePodSecurity(
  input: PssInput,
  level: PssLevel,
  version: PolicyVersion = LATEST_POLICY_VERSION,
): PssViolation[] {
  if (level === 'privileged') return [];
  const minor = Math.min(version.minor, LATEST_POLICY_MINOR);
  const evaluation = new Evaluation(input, level, minor);
  const restricted = level === 'restricted' ? RESTRICTED_RULES.filter((rule) => rule.since <= minor) : [];
  const replaced = new Set(restricted.map((rule) => rule.replaces).filter((id) => id !== undefined));
  for (const rule of BASELINE_RULES) {
    if (rule.since <= minor && !replaced.has(rule.control)) rule.run(evaluation);
  }
  for (const rule of restricted) rule.run(evaluation);
  return evaluation.violations;
}

/** The strictest level a pod spec meets: what a compliance report states per workload. */
export function podSecurityLevelOf(input: PssInput, version: PolicyVersion = LATEST_POLICY_VERSION): PssLevel {
  if (evaluatePodSecurity(input, 'restricted', version).length === 0) return 'restricted';
  if (evaluatePodSecurity(input, 'baseline', version).length === 0) return 'baseline';
  return 'privileged';
}
