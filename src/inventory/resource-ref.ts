import type { K8sObject, ResourceRef } from '../model/index.js';

export function refOf(object: K8sObject): ResourceRef {
  const ref: ResourceRef = { kind: object.kind ?? 'Unknown', name: object.metadata?.name ?? '' };
  if (object.apiVersion) ref.apiVersion = object.apiVersion;
  if (object.metadata?.namespace) ref.namespace = object.metadata.namespace;
  return ref;
}

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped resources. */
export function refKey(ref: ResourceRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

export function apiGroupOf(object: K8sObject): string {
  const apiVersion = object.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
