import type { ResourceRef } from '../model/index.js';

/** `Deployment shop/web`, or `ClusterRole admin` for cluster-scoped resources. */
export function resourceLabel(resource: ResourceRef): string {
  return `${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.name}`;
}

/** `Deployment/shop/web`: the same shape the engine fingerprints, usable as a stable name. */
export function resourcePath(resource: ResourceRef): string {
  return [resource.kind, resource.namespace, resource.name].filter((part) => part !== undefined && part !== '').join('/');
}

/** Orders resources by kind, namespace and name, ignoring apiVersion. */
export function compareResources(a: ResourceRef, b: ResourceRef): number {
  return (
    compareText(a.kind, b.kind) || compareText(a.namespace ?? '', b.namespace ?? '') || compareText(a.name, b.name)
  );
}

/** Code-point order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
