/** Options and data gaps shared by the network checks. */
import type { InventoryView } from '../../inventory/index.js';
import { stringListOption } from '../targets.js';
import { DIRECTIONS, type Direction } from '../../analysis/network/policy-model.js';

export function excludedNamespaces(options: Record<string, unknown>): string[] {
  return stringListOption(options, 'excludeNamespaces');
}

/** The `directions` option (Ingress, Egress), defaulting to both when unset or mistyped. */
export function directionsOption(options: Record<string, unknown>): Direction[] {
  const chosen = stringListOption(options, 'directions').filter((value): value is Direction =>
    (DIRECTIONS as readonly string[]).includes(value),
  );
  return chosen.length > 0 ? DIRECTIONS.filter((direction) => chosen.includes(direction)) : [...DIRECTIONS];
}

/**
 * Why policy coverage cannot be trusted: a policy list that failed during collection would
 * make every pod look uncovered.
 */
export function policyCollectionGap(inventory: InventoryView): string | undefined {
  const failed = inventory.errors.filter(
    (error) => error.source === 'kubernetes' && /networkpolic(y|ies)$/i.test(error.resource ?? ''),
  );
  if (failed.length === 0) return undefined;
  const calls = failed
    .map((error) => `${error.operation} ${error.resource ?? ''}${error.code !== undefined ? ` (${error.code})` : ''}`)
    .join(', ');
  return `network policies could not be read: ${calls}`;
}

export function joinDirections(directions: readonly Direction[]): string {
  return directions.join(' and ');
}

/** Why the pod templates may be incomplete: a workload list that failed during collection. */
export function workloadCollectionGap(inventory: InventoryView): string | undefined {
  const failed = inventory.errors.filter(
    (error) =>
      error.source === 'kubernetes' &&
      /(^|\/)(pods|deployments|statefulsets|daemonsets|replicasets|jobs|cronjobs|replicationcontrollers)$/i.test(
        error.resource ?? '',
      ),
  );
  if (failed.length === 0) return undefined;
  return `workloads could not be read: ${failed.map((error) => `${error.operation} ${error.resource ?? ''}`).join(', ')}`;
}
