/** API paths of the kinds the response actions read and write. */
import type { ActionTarget } from './types.js';

interface KindInfo {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

export const KINDS = {
  Pod: { group: '', version: 'v1', plural: 'pods', namespaced: true },
  Node: { group: '', version: 'v1', plural: 'nodes', namespaced: false },
  ReplicationController: { group: '', version: 'v1', plural: 'replicationcontrollers', namespaced: true },
  Deployment: { group: 'apps', version: 'v1', plural: 'deployments', namespaced: true },
  StatefulSet: { group: 'apps', version: 'v1', plural: 'statefulsets', namespaced: true },
  ReplicaSet: { group: 'apps', version: 'v1', plural: 'replicasets', namespaced: true },
  DaemonSet: { group: 'apps', version: 'v1', plural: 'daemonsets', namespaced: true },
  Job: { group: 'batch', version: 'v1', plural: 'jobs', namespaced: true },
  CronJob: { group: 'batch', version: 'v1', plural: 'cronjobs', namespaced: true },
  NetworkPolicy: { group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies', namespaced: true },
  RoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', namespaced: true },
  ClusterRoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', namespaced: false },
} as const satisfies Record<string, KindInfo>;

export type KnownKind = keyof typeof KINDS;

export function isKnownKind(kind: string): kind is KnownKind {
  return Object.prototype.hasOwnProperty.call(KINDS, kind);
}

export function apiVersionOf(kind: KnownKind): string {
  const info: KindInfo = KINDS[kind];
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

/** The collection path (`/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies`). */
export function collectionPath(kind: KnownKind, namespace?: string): string {
  const info: KindInfo = KINDS[kind];
  const root = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  const scope = info.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? '')}` : '';
  return `${root}${scope}/${info.plural}`;
}

/** The object path, with a subresource (`scale`) when given. */
export function objectPath(kind: KnownKind, name: string, namespace?: string, subresource?: string): string {
  return `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
}

export function targetOf(kind: KnownKind, name: string, namespace?: string): ActionTarget {
  return { apiVersion: apiVersionOf(kind), kind, ...(KINDS[kind].namespaced ? { namespace } : {}), name };
}

export function pathOfTarget(target: ActionTarget, subresource?: string): string {
  if (!isKnownKind(target.kind)) throw new Error(`no API path known for kind ${target.kind}`);
  return objectPath(target.kind, target.name, target.namespace, subresource);
}

/** `Deployment shop/api`, `Node ip-10-0-1-17…`. */
export function describeTarget(target: ActionTarget): string {
  return `${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name}`;
}
