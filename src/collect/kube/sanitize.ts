import type { K8sObject } from '../../model/index.js';

/** kubectl's copy of the applied manifest: on a Secret it holds the Secret's values in clear. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * An item of a list as the snapshot keeps it: `apiVersion` and `kind` from the list (list
 * items omit them, and metadata-only items name `meta.k8s.io/v1 PartialObjectMetadata`), and
 * `managedFields` without `fieldsV1`, which only lists field names and can double the size of a
 * large cluster's snapshot; manager, operation and time stay (rotation checks read the time).
 */
export function normalizeItem(item: Record<string, unknown>, apiVersion: string, kind: string): K8sObject {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = item;
  const object: K8sObject = { apiVersion, kind, ...rest };
  const managed = object.metadata?.managedFields;
  if (Array.isArray(managed)) {
    object.metadata!.managedFields = managed.map((entry) => {
      if (typeof entry !== 'object' || entry === null) return entry;
      const { fieldsV1: _fields, ...kept } = entry as Record<string, unknown>;
      return kept;
    });
  }
  return object;
}

/**
 * A Secret reduced to what may leave the cluster. The collector asks for metadata only, so
 * none of this should be present; it is removed anyway, in case a server or proxy ignores the
 * requested representation: no value of a Secret is ever kept.
 */
export function stripSecret(secret: K8sObject): K8sObject {
  const { data: _data, stringData: _stringData, ...kept } = secret;
  const annotations = kept.metadata?.annotations;
  if (annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _applied, ...others } = annotations;
    kept.metadata = { ...kept.metadata, annotations: others };
  }
  return kept;
}
