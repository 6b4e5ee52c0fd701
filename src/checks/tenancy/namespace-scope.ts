import type { InventoryView } from '../../inventory/index.js';
import { namespaceTargets, stringListOption, type NamespaceTarget } from '../targets.js';
import { clusterScope, listFailure } from '../recovery/whole-cluster.js';

/** Tenant namespaces: every namespace but the system ones and those in `excludeNamespaces`. */
export function tenantNamespaces(inventory: InventoryView, options: Record<string, unknown>): NamespaceTarget[] {
  return namespaceTargets(inventory, { exclude: stringListOption(options, 'excludeNamespaces') });
}

/**
 * Why a per-namespace policy object (quota, limit range) cannot be looked for: its list failed,
 * or the namespace is only used, not defined, by a manifest set that is not the whole cluster;
 * a namespace defined elsewhere usually has its policies defined with it.
 */
export function policyUndecidable(
  inventory: InventoryView,
  target: NamespaceTarget,
  plural: string,
): string | undefined {
  const failure = listFailure(inventory, '', plural);
  if (failure) return failure;
  if (target.object || clusterScope(inventory).whole) return undefined;
  return `namespace "${target.namespace}" is used but not defined in these manifests; its ${plural} may be defined with it elsewhere`;
}
