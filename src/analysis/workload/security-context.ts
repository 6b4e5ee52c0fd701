import type {
  EvidencePath,
  JsonPatchOperation,
  PodSpec,
  SecurityContext,
} from '../../model/index.js';
import { getIn, type ContainerRef, type PodTemplate } from '../../inventory/index.js';
import { toJsonPointer } from '../../inventory/evidence-path.js';

/**
 * Where an effective setting comes from: the container's own securityContext, the pod's
 * (inherited because the container leaves it unset), or nowhere (the runtime default applies).
 */
export type SettingSource = 'container' | 'pod' | 'unset';

export interface Setting<T> {
  value: T | undefined;
  source: SettingSource;
  /**
   * Evidence path from the object root: the field that decides, or for an unset value the
   * container's own securityContext field (the narrowest place to set it).
   */
  path: EvidencePath;
}

export interface Profile {
  type?: string;
  localhostProfile?: string;
}

/** The security settings a container actually runs with, each with where it is decided. */
export interface EffectiveSecurity {
  ref: ContainerRef;
  runAsUser: Setting<number>;
  runAsGroup: Setting<number>;
  runAsNonRoot: Setting<boolean>;
  seccompProfile: Setting<Profile>;
  appArmorProfile: Setting<Profile>;
  /** Replaced as a whole by the container's, as the kubelet does, never merged field by field. */
  seLinuxOptions: Setting<Record<string, string>>;
  hostProcess: Setting<boolean>;
  runAsUserName: Setting<string>;
  // Container-only fields: the pod securityContext has no such field.
  privileged: Setting<boolean>;
  allowPrivilegeEscalation: Setting<boolean>;
  readOnlyRootFilesystem: Setting<boolean>;
  procMount: Setting<string>;
  capabilitiesAdd: Setting<string[]>;
  capabilitiesDrop: Setting<string[]>;
}

export function containerSecurityPath(ref: ContainerRef): EvidencePath {
  return [...ref.path, 'securityContext'];
}

export function podSecurityPath(template: Pick<PodTemplate, 'podSpecPath'>): EvidencePath {
  return [...template.podSpecPath, 'securityContext'];
}

function inherited<T>(
  template: PodTemplate,
  ref: ContainerRef,
  field: readonly string[],
  read: (value: unknown) => T | undefined,
): Setting<T> {
  const own = read(getIn(ref.container.securityContext, field));
  const containerPath = [...containerSecurityPath(ref), ...field];
  if (own !== undefined) return { value: own, source: 'container', path: containerPath };
  const pod = read(getIn(template.podSpec.securityContext, field));
  if (pod !== undefined) return { value: pod, source: 'pod', path: [...podSecurityPath(template), ...field] };
  return { value: undefined, source: 'unset', path: containerPath };
}

function own<T>(ref: ContainerRef, field: readonly string[], read: (value: unknown) => T | undefined): Setting<T> {
  const value = read(getIn(ref.container.securityContext, field));
  return { value, source: value === undefined ? 'unset' : 'container', path: [...containerSecurityPath(ref), ...field] };
}

const asNumber = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const asBoolean = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const asStrings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
const asRecord = <T>(value: unknown): T | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as T) : undefined;

/** Resolves a container's settings: the container's securityContext overrides the pod's. */
export function effectiveSecurity(template: PodTemplate, ref: ContainerRef): EffectiveSecurity {
  return {
    ref,
    runAsUser: inherited(template, ref, ['runAsUser'], asNumber),
    runAsGroup: inherited(template, ref, ['runAsGroup'], asNumber),
    runAsNonRoot: inherited(template, ref, ['runAsNonRoot'], asBoolean),
    seccompProfile: inherited(template, ref, ['seccompProfile'], asRecord<Profile>),
    appArmorProfile: inherited(template, ref, ['appArmorProfile'], asRecord<Profile>),
    seLinuxOptions: inherited(template, ref, ['seLinuxOptions'], asRecord<Record<string, string>>),
    hostProcess: inherited(template, ref, ['windowsOptions', 'hostProcess'], asBoolean),
    runAsUserName: inherited(template, ref, ['windowsOptions', 'runAsUserName'], asString),
    privileged: own(ref, ['privileged'], asBoolean),
    allowPrivilegeEscalation: own(ref, ['allowPrivilegeEscalation'], asBoolean),
    readOnlyRootFilesystem: own(ref, ['readOnlyRootFilesystem'], asBoolean),
    procMount: own(ref, ['procMount'], asString),
    capabilitiesAdd: own(ref, ['capabilities', 'add'], asStrings),
    capabilitiesDrop: own(ref, ['capabilities', 'drop'], asStrings),
  };
}

/**
 * Windows pods: the API forbids the Linux-only securityContext fields on them (seccomp,
 * capabilities, allowPrivilegeEscalation, readOnlyRootFilesystem, runAsUser…), so Linux
 * hardening checks have nothing to ask of them. A HostProcess pod is always Windows.
 */
export function isWindowsPod(podSpec: PodSpec): boolean {
  const os = asRecord<{ name?: unknown }>(podSpec.os);
  if (os?.name === 'windows') return true;
  const nodeSelector = asRecord<Record<string, unknown>>(podSpec.nodeSelector);
  if (nodeSelector?.['kubernetes.io/os'] === 'windows') return true;
  if (podSpec.securityContext?.windowsOptions?.hostProcess === true) return true;
  const lists = [podSpec.containers, podSpec.initContainers, podSpec.ephemeralContainers];
  return lists.some((list) => (list ?? []).some((container) => container.securityContext?.windowsOptions?.hostProcess === true));
}

/**
 * `hostUsers: false` runs the pod in its own user namespace: UID 0 inside maps to an
 * unprivileged UID on the node, so root inside the container is not root on the host.
 */
export function hasUserNamespace(podSpec: PodSpec): boolean {
  return podSpec.hostUsers === false;
}

/** `cap_sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` name one capability. */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/**
 * An RFC 6902 `add` that works whatever already exists: `add` needs the parent to exist, so the
 * operation is placed at the first missing step and carries the rest of the path as a nested
 * value (adding `{capabilities: {drop: ['ALL']}}` to a container without securityContext).
 */
export function addOperation(root: unknown, path: EvidencePath, value: unknown): JsonPatchOperation {
  let current: unknown = root;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth] as string | number;
    const isLast = depth === path.length - 1;
    const container = current !== null && typeof current === 'object' ? (current as Record<string | number, unknown>) : undefined;
    const next = container?.[segment];
    if (isLast || next === undefined || next === null) {
      let nested = value;
      for (let index = path.length - 1; index > depth; index--) nested = { [path[index] as string]: nested };
      return { op: 'add', path: toJsonPointer(path.slice(0, depth + 1)), value: nested };
    }
    current = next;
  }
  return { op: 'add', path: toJsonPointer(path), value };
}

/** Appends to a list, creating the list (and its parents) when absent. */
export function appendOperation(root: unknown, listPath: EvidencePath, item: unknown): JsonPatchOperation {
  return Array.isArray(getIn(root, listPath))
    ? { op: 'add', path: `${toJsonPointer(listPath)}/-`, value: item }
    : addOperation(root, listPath, [item]);
}

/**
 * Sets several fields of one object (a securityContext) in a patch whose operations do not
 * undo each other: one `add` per field when the object exists, else one `add` of the object.
 */
export function setFieldsOperations(root: unknown, objectPath: EvidencePath, fields: Record<string, unknown>): JsonPatchOperation[] {
  if (asRecord<SecurityContext>(getIn(root, objectPath)) === undefined) return [addOperation(root, objectPath, fields)];
  return Object.entries(fields).map(([field, value]) => addOperation(root, [...objectPath, field], value));
}

/** A UID/GID above 10000: outside the range host accounts and system users commonly take. */
export const SUGGESTED_ID = 10001;

/** "a", "a and b", "a, b and c" for messages. */
export function listNames(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
