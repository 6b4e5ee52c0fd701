import type {
  AwsData,
  CollectionError,
  EvidencePath,
  ImageAssessments,
  Inventory,
  InventorySource,
  K8sObject,
  Location,
  Origin,
  ResourceRef,
} from '../model/index.js';
import { podTemplateOf, type PodTemplate } from './pod-spec.js';
import { refOf } from './resource-ref.js';

/** A workload whose pod template the checks evaluate: the top controller, once per template. */
export interface Workload extends PodTemplate {
  object: K8sObject;
  resource: ResourceRef;
  namespace: string;
}

/** Maps evidence paths in an object back to positions in its source, a batch per object. */
export interface Locator {
  locateAll(object: K8sObject, paths: readonly EvidencePath[]): Array<Location | undefined>;
}

/** Which kinds may control which: anything else in an owner reference is not a controller. */
const CONTROLLERS_OF: Readonly<Record<string, readonly string[]>> = {
  Pod: ['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController'],
  ReplicaSet: ['Deployment'],
  Job: ['CronJob'],
};

function controllerOf(object: K8sObject): { kind: string; name: string; uid?: string } | undefined {
  const kinds = object.kind && Object.hasOwn(CONTROLLERS_OF, object.kind) ? CONTROLLERS_OF[object.kind] : undefined;
  if (!kinds) return undefined;
  const owner = object.metadata?.ownerReferences?.find(
    (reference) => reference.controller === true && kinds.includes(reference.kind ?? ''),
  );
  if (!owner?.kind || !owner.name) return undefined;
  return owner.uid ? { kind: owner.kind, name: owner.name, uid: owner.uid } : { kind: owner.kind, name: owner.name };
}

function ownerMatches(owner: K8sObject, uid: string | undefined): boolean {
  const ownerUid = owner.metadata?.uid;
  return uid === undefined || ownerUid === undefined || uid === ownerUid;
}

/**
 * Security-relevant parts of a container, to tell a pod that differs from its template. Mounts
 * of service-account tokens, which admission adds to every live pod, are left out.
 */
function containerDigest(container: Record<string, unknown>): string {
  const mounts = Array.isArray(container.volumeMounts)
    ? (container.volumeMounts as Array<{ mountPath?: unknown }>).filter(
        (mount) => typeof mount.mountPath !== 'string' || !mount.mountPath.startsWith('/var/run/secrets/'),
      )
    : [];
  return JSON.stringify([container.image, container.securityContext ?? null, mounts]);
}

/** Whether a pod runs anything its owner's template does not declare. */
function addsToTemplate(pod: PodTemplate, owner: PodTemplate): boolean {
  const declared = new Map(owner.containers.map((ref) => [`${ref.list}/${ref.name}`, containerDigest(ref.container)]));
  for (const ref of pod.containers) {
    if (declared.get(`${ref.list}/${ref.name}`) !== containerDigest(ref.container)) return true;
  }
  const podSpec = pod.podSpec;
  const ownerSpec = owner.podSpec;
  return (
    podSpec.hostPID !== ownerSpec.hostPID ||
    podSpec.hostIPC !== ownerSpec.hostIPC ||
    podSpec.hostNetwork !== ownerSpec.hostNetwork ||
    JSON.stringify(podSpec.securityContext ?? {}) !== JSON.stringify(ownerSpec.securityContext ?? {}) ||
    JSON.stringify((podSpec.volumes ?? []).filter((volume) => volume.hostPath)) !==
      JSON.stringify((ownerSpec.volumes ?? []).filter((volume) => volume.hostPath))
  );
}

/**
 * Read-only indexed view of an inventory. Indexes are built once here; checks read through it
 * and never rescan the whole inventory per object.
 */
export class InventoryView {
  readonly source: InventorySource;
  readonly aws: AwsData | undefined;
  readonly kubeletConfigs: Readonly<Record<string, Record<string, unknown>>> | undefined;
  readonly images: ImageAssessments | undefined;
  readonly errors: readonly CollectionError[];
  readonly objects: readonly K8sObject[];
  private readonly origins = new Map<K8sObject, Origin>();
  private readonly byKind = new Map<string, K8sObject[]>();
  private readonly byKey = new Map<string, K8sObject>();
  private readonly memo = new Map<string, unknown>();
  private readonly locator: Locator | undefined;

  constructor(inventory: Inventory, locator?: Locator) {
    this.source = inventory.source;
    this.aws = inventory.aws;
    this.kubeletConfigs = inventory.kubeletConfigs;
    this.images = inventory.images;
    this.errors = inventory.errors;
    this.locator = locator;
    const objects: K8sObject[] = [];
    for (const { object, origin } of inventory.objects) {
      objects.push(object);
      this.origins.set(object, origin);
      const kind = object.kind ?? '';
      let list = this.byKind.get(kind);
      if (!list) this.byKind.set(kind, (list = []));
      list.push(object);
      this.byKey.set(objectKey(kind, object.metadata?.namespace, object.metadata?.name), object);
    }
    this.objects = objects;
  }

  ofKind(kind: string): readonly K8sObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Objects of a kind in one API group (`''` for the core group), e.g. Calico's NetworkPolicy. */
  ofKindInGroup(kind: string, group: string): K8sObject[] {
    return this.ofKind(kind).filter((object) => groupOf(object.apiVersion) === group);
  }

  get(kind: string, namespace: string | undefined, name: string): K8sObject | undefined {
    return this.byKey.get(objectKey(kind, namespace, name));
  }

  hasKind(kind: string): boolean {
    return this.byKind.has(kind);
  }

  originOf(object: K8sObject): Origin | undefined {
    return this.origins.get(object);
  }

  /** Locations of evidence paths in one object, each falling back to where the object starts. */
  locateAll(object: K8sObject, paths: readonly EvidencePath[]): Array<Location | undefined> {
    const located = this.locator?.locateAll(object, paths) ?? paths.map(() => undefined);
    return located.map((location) => location ?? this.locate(object));
  }

  /** Where an object starts. */
  locate(object: K8sObject): Location | undefined {
    const origin = this.origins.get(object);
    if (!origin || origin.type !== 'file') return undefined;
    const location: Location = { file: origin.file, line: origin.line };
    if (origin.helmSource) location.helmSource = origin.helmSource;
    return location;
  }

  /** Every namespace that exists or that an object lives in, sorted. */
  namespaceNames(): string[] {
    return this.cached('namespaceNames', () => {
      const names = new Set<string>();
      for (const ns of this.ofKind('Namespace')) if (ns.metadata?.name) names.add(ns.metadata.name);
      for (const object of this.objects) {
        const ns = object.metadata?.namespace;
        if (ns) names.add(ns);
      }
      return [...names].sort();
    });
  }

  /** Objects of one kind grouped by namespace. */
  byNamespace(kind: string): Map<string, K8sObject[]> {
    return this.cached(`byNamespace:${kind}`, () => {
      const map = new Map<string, K8sObject[]>();
      for (const object of this.ofKind(kind)) {
        const ns = object.metadata?.namespace ?? '';
        let list = map.get(ns);
        if (!list) map.set(ns, (list = []));
        list.push(object);
      }
      return map;
    });
  }

  /**
   * Pod templates to evaluate, one per controller: a Pod or ReplicaSet whose real controller is
   * in the inventory is left to it, and replicas of an absent owner count once. An owner
   * reference is only believed when the owner is a kind that controls this kind (and its uid
   * agrees), and a Pod that carries more than its owner's template (an injected sidecar, an
   * ephemeral debug container, a changed security context) is evaluated itself.
   */
  workloads(): readonly Workload[] {
    return this.cached('workloads', () => {
      const workloads: Workload[] = [];
      const seenOwners = new Set<string>();
      for (const object of this.objects) {
        const template = podTemplateOf(object);
        if (!template) continue;
        const namespace = object.metadata?.namespace ?? 'default';
        const controller = controllerOf(object);
        if (controller) {
          const owner = this.get(controller.kind, namespace, controller.name);
          if (owner) {
            const ownerTemplate = ownerMatches(owner, controller.uid) ? podTemplateOf(owner) : undefined;
            if (ownerTemplate && !addsToTemplate(template, ownerTemplate)) continue;
          } else {
            const ownerKey = `${controller.kind}/${namespace}/${controller.name}`;
            if (seenOwners.has(ownerKey)) continue;
            seenOwners.add(ownerKey);
          }
        }
        workloads.push({ ...template, object, resource: refOf(object), namespace });
      }
      return workloads;
    });
  }

  /** Derived data shared between checks (effective RBAC, policy coverage), computed once. */
  cached<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute();
    this.memo.set(key, value);
    return value;
  }
}

function objectKey(kind: string, namespace: string | undefined, name: string | undefined): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name ?? ''}`;
}

function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
