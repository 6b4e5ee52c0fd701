import type { EvidencePath } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { namespaceTargets, stringListOption, type NamespaceTarget } from '../targets.js';

/** Options shared by the namespace-label checks: system namespaces are left out by default. */
export const NAMESPACE_CHECK_OPTIONS = {
  /** Namespaces to leave out besides kube-system, kube-public and kube-node-lease. */
  excludeNamespaces: [] as string[],
};

export function psaNamespaceTargets(inventory: InventoryView, options: Record<string, unknown>): NamespaceTarget[] {
  return namespaceTargets(inventory, { exclude: stringListOption(options, 'excludeNamespaces') });
}

/** A namespace only implied by its objects has no labels we can read: never a silent pass. */
export const NO_NAMESPACE_OBJECT =
  'the Namespace object is not in the input, so its pod-security labels are unknown (include Namespace manifests or scan the cluster)';

export function labelPath(key: string): EvidencePath {
  return ['metadata', 'labels', key];
}

export const LABELS_PATH: EvidencePath = ['metadata', 'labels'];
