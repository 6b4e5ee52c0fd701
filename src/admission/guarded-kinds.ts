import type { K8sObject } from '../model/index.js';
import { getIn, isRecord, podTemplateOf } from '../inventory/index.js';

/**
 * How a guarded kind is judged: `pod` and `workload` through their pod spec or template,
 * `object` as the object itself.
 */
export type GuardedShape = 'pod' | 'workload' | 'object';

/** Guarded kinds by `group/kind` (core group empty): a CRD that reuses a kind name is not one. */
const GUARDED = new Map<string, GuardedShape>([
  ['/Pod', 'pod'],
  ['apps/Deployment', 'workload'],
  ['apps/StatefulSet', 'workload'],
  ['apps/DaemonSet', 'workload'],
  ['apps/ReplicaSet', 'workload'],
  ['batch/Job', 'workload'],
  ['batch/CronJob', 'workload'],
  ['/ReplicationController', 'workload'],
  ['/Service', 'object'],
  ['/ConfigMap', 'object'],
  ['networking.k8s.io/Ingress', 'object'],
  ['networking.k8s.io/NetworkPolicy', 'object'],
  ['rbac.authorization.k8s.io/Role', 'object'],
  ['rbac.authorization.k8s.io/ClusterRole', 'object'],
  ['rbac.authorization.k8s.io/RoleBinding', 'object'],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', 'object'],
]);

export function guardedShape(kind: { group: string; kind: string }): GuardedShape | undefined {
  return GUARDED.get(`${kind.group}/${kind.kind}`);
}

/** The guarded kinds that live outside any namespace. */
const CLUSTER_SCOPED = new Set(['rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding']);

/** Whether a guarded kind is cluster-scoped: its `metadata.namespace`, if written, means nothing. */
export function isClusterScoped(kind: { group: string; kind: string }): boolean {
  return CLUSTER_SCOPED.has(`${kind.group}/${kind.kind}`);
}

/** Metadata the API server changes on every write, and status: not what the user asked for. */
const SERVER_METADATA = new Set(['managedFields', 'resourceVersion', 'generation']);

/**
 * The part of an object whose change makes an UPDATE worth judging: the pod spec of a Pod, the
 * pod template of a workload, and anything but server-set metadata and status otherwise. A
 * workload without a readable template is compared whole, so a broken one is still judged.
 */
export function judgedPart(shape: GuardedShape, object: K8sObject): unknown {
  if (shape === 'pod') return object.spec;
  if (shape === 'workload') {
    const template = podTemplateOf(object);
    if (template) return getIn(object, template.podSpecPath.slice(0, -1));
  }
  const { status: _status, metadata, ...rest } = object;
  if (!isRecord(metadata)) return rest;
  const kept = Object.fromEntries(Object.entries(metadata).filter(([key]) => !SERVER_METADATA.has(key)));
  return { ...rest, metadata: kept };
}
