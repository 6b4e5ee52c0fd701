import type { K8sObject, Target } from '../model/index.js';
import { refOf, type InventoryView } from '../inventory/index.js';

/** Namespaces the control plane and EKS own; most namespace-level checks leave them out. */
export const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'] as const;

export function isSystemNamespace(namespace: string, extra: readonly string[] = []): boolean {
  return (SYSTEM_NAMESPACES as readonly string[]).includes(namespace) || extra.includes(namespace);
}

export interface ObjectTarget extends Target {
  object: K8sObject;
}

export function objectTargets(inventory: InventoryView, kind: string): ObjectTarget[] {
  return inventory.ofKind(kind).map((object) => ({ resource: refOf(object), object }));
}

export interface NamespaceTarget extends Target {
  namespace: string;
  /** The Namespace object, when the input has it (manifests may only imply a namespace). */
  object?: K8sObject;
}

/**
 * Every namespace the inventory knows of, as a target. With `includeSystem: false` the system
 * namespaces and those in the check's `excludeNamespaces` option are left out.
 */
export function namespaceTargets(
  inventory: InventoryView,
  options: { includeSystem?: boolean; exclude?: readonly string[] } = {},
): NamespaceTarget[] {
  const exclude = options.exclude ?? [];
  return inventory
    .namespaceNames()
    .filter((name) => options.includeSystem || !isSystemNamespace(name, exclude))
    .map((namespace) => {
      const object = inventory.get('Namespace', undefined, namespace);
      const target: NamespaceTarget = { resource: { kind: 'Namespace', name: namespace }, namespace };
      if (object) {
        target.object = object;
        target.resource = refOf(object);
      }
      return target;
    });
}

export function clusterTarget(inventory: InventoryView): Target {
  return { resource: { kind: 'Cluster', name: inventory.source.cluster ?? 'cluster' } };
}

/** A string-list option from configuration, tolerating a missing or mistyped value. */
export function stringListOption(options: Record<string, unknown>, key: string): string[] {
  const value = options[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
