import type { InventoryView } from '../../inventory/index.js';

/** Whether "nothing of kind X in the input" may be read as "no X in the cluster". */
export type ClusterScope = { whole: true } | { whole: false; reason: string };

export const PARTIAL_MANIFESTS_REASON =
  'the manifests do not show the whole cluster (no Node or kube-system Namespace objects), so an absence cannot be concluded';

/**
 * A live cluster (or its snapshot) shows everything that was collected. A manifest set usually
 * shows one repository: an operator or CRD may live in another one. Only a dump that carries
 * Nodes or the kube-system Namespace is taken to be the whole cluster.
 */
export function clusterScope(inventory: InventoryView): ClusterScope {
  return inventory.cached('recovery:clusterScope', (): ClusterScope => {
    if (inventory.source.type === 'cluster') return { whole: true };
    if (inventory.ofKind('Node').length > 0) return { whole: true };
    if (inventory.get('Namespace', undefined, 'kube-system')) return { whole: true };
    return { whole: false, reason: PARTIAL_MANIFESTS_REASON };
  });
}

/**
 * The collection error for listing `plural` in `group` ('' for the core group), if that list
 * failed. Collectors name resources `group/version/plural` (`v1/plural` for the core group);
 * `plural.group` is accepted as well.
 */
export function listFailure(inventory: InventoryView, group: string, plural: string): string | undefined {
  for (const error of inventory.errors) {
    if (error.source !== 'kubernetes' || !error.resource) continue;
    if (!resourceMatches(error.resource, group, plural)) continue;
    const code = error.code === undefined ? '' : ` (${String(error.code)})`;
    return `listing ${group ? `${plural}.${group}` : plural} failed${code}: ${error.message}`;
  }
  return undefined;
}

function resourceMatches(resource: string, group: string, plural: string): boolean {
  if (resource === (group ? `${plural}.${group}` : plural)) return true;
  const parts = resource.replace(/^\/+/, '').split('/');
  if (parts[parts.length - 1] !== plural) return false;
  if (group === '') return parts.length <= 2 && (parts.length === 1 || parts[0] === 'v1');
  return parts.length === 3 && parts[0] === group;
}

/**
 * Why the absence of some resources cannot be concluded, or undefined when it can: the input
 * must show the whole cluster, and none of the lists that would show them may have failed.
 */
export function absenceUndecidable(
  inventory: InventoryView,
  lists: ReadonlyArray<readonly [group: string, plural: string]>,
): string | undefined {
  const scope = clusterScope(inventory);
  if (!scope.whole) return scope.reason;
  for (const [group, plural] of lists) {
    const failure = listFailure(inventory, group, plural);
    if (failure) return failure;
  }
  return undefined;
}

/** Whether a CustomResourceDefinition of this name (`plural.group`) is in the input. */
export function hasCrd(inventory: InventoryView, name: string): boolean {
  return inventory.get('CustomResourceDefinition', undefined, name) !== undefined;
}
