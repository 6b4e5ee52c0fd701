import type { ContainerRef, InventoryView, Workload } from '../../inventory/index.js';
import type { EvidencePath, K8sObject } from '../../model/index.js';

export type ComputeResource = 'cpu' | 'memory';
export type ResourceSection = 'limits' | 'requests';

export interface MissingResource {
  ref: ContainerRef;
  resource: ComputeResource;
  /** Where the value belongs: `<container>.resources.<section>.<resource>`. */
  path: EvidencePath;
  /** The container's request for the resource, when set (a sensible limit to suggest). */
  request?: string | number;
}

type Defaults = Record<ResourceSection, Set<ComputeResource>>;

const RESOURCES: readonly ComputeResource[] = ['memory', 'cpu'];

/**
 * Containers that end up without a limit or request for cpu/memory once the API server has done
 * its part. A value counts as present when the container sets it, when a LimitRange of the
 * namespace defaults it at admission, or when the pod-level `spec.resources` bounds the pod; a
 * request is also present when the container sets a limit (the request then defaults to it).
 * Ephemeral containers are left out: the API refuses resources on them.
 */
export function missingResources(
  workload: Workload,
  inventory: InventoryView,
  section: ResourceSection,
): MissingResource[] {
  const defaults = namespaceDefaults(inventory).get(workload.namespace);
  const podLevel = readQuantities(workload.podSpec.resources, section);
  const missing: MissingResource[] = [];
  for (const ref of workload.containers) {
    if (ref.list === 'ephemeralContainers') continue;
    const own = ref.container.resources;
    for (const resource of RESOURCES) {
      if (own?.[section]?.[resource] !== undefined) continue;
      if (section === 'requests' && own?.limits?.[resource] !== undefined) continue;
      if (podLevel.has(resource) || defaults?.[section].has(resource)) continue;
      const entry: MissingResource = { ref, resource, path: [...ref.path, 'resources', section, resource] };
      const request = own?.requests?.[resource];
      if (request !== undefined) entry.request = request;
      missing.push(entry);
    }
  }
  return missing;
}

/**
 * Per namespace, which limits and requests LimitRanges default for containers. The API server
 * first defaults each `type: Container` item (default ← max; defaultRequest ← default ← max ←
 * min), and the LimitRanger admission then fills what a container leaves unset.
 */
export function namespaceDefaults(inventory: InventoryView): Map<string, Defaults> {
  return inventory.cached('workload:limitRangeDefaults', () => {
    const map = new Map<string, Defaults>();
    for (const limitRange of inventory.ofKind('LimitRange')) {
      const namespace = limitRange.metadata?.namespace ?? 'default';
      let defaults = map.get(namespace);
      if (!defaults) map.set(namespace, (defaults = { limits: new Set(), requests: new Set() }));
      for (const item of containerItems(limitRange)) {
        for (const resource of RESOURCES) {
          const limit = item.default?.[resource] ?? item.max?.[resource];
          const request = item.defaultRequest?.[resource] ?? limit ?? item.min?.[resource];
          if (limit !== undefined) defaults.limits.add(resource);
          if (request !== undefined) defaults.requests.add(resource);
        }
      }
    }
    return map;
  });
}

type Quantities = Partial<Record<string, unknown>>;

interface LimitRangeItem {
  default?: Quantities;
  defaultRequest?: Quantities;
  max?: Quantities;
  min?: Quantities;
}

function containerItems(limitRange: K8sObject): LimitRangeItem[] {
  const spec = limitRange.spec as { limits?: unknown } | undefined;
  if (!Array.isArray(spec?.limits)) return [];
  return spec.limits.filter(
    (item): item is LimitRangeItem =>
      item !== null && typeof item === 'object' && (item as { type?: unknown }).type === 'Container',
  );
}

/** Resource names set in a pod-level `resources.<section>` (PodLevelResources, Kubernetes 1.32+). */
function readQuantities(resources: unknown, section: ResourceSection): Set<string> {
  if (resources === null || typeof resources !== 'object') return new Set();
  const values = (resources as Record<string, unknown>)[section];
  if (values === null || typeof values !== 'object') return new Set();
  return new Set(Object.keys(values));
}
