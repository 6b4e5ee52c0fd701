/**
 * What an alert names, as the actions need it: a pod (any pod subresource — exec, attach,
 * portforward, log — still means the pod), a node, a workload, a binding. Names come from logs
 * an attacker may have shaped, so each is checked against Kubernetes syntax before it becomes
 * part of an API path.
 */
import type { Alert } from '../../model/index.js';
import { isNamespaceName, isPathSegmentName, isSubdomainName, quoted } from './names.js';

export type Named<T> = { ok: true; value: T } | { ok: false; why: string };

const WORKLOADS: Record<string, 'Deployment' | 'StatefulSet' | 'ReplicaSet'> = {
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  replicasets: 'ReplicaSet',
};

function what(alert: Alert): string {
  const { resource, subresource, namespace, name } = alert.object;
  if (!resource) return 'no Kubernetes object';
  return `${resource}${subresource ? `/${subresource}` : ''} ${namespace ? `${quoted(namespace)}/` : ''}${name !== undefined ? quoted(name) : '(no name)'}`;
}

function core(alert: Alert): boolean {
  return alert.source === 'k8s-audit' && (alert.object.apiGroup ?? '') === '';
}

function checkNamespace(namespace: string | undefined, alert: Alert): string | undefined {
  if (namespace === undefined || namespace === '') return `the alert names ${what(alert)} without a namespace`;
  if (!isNamespaceName(namespace)) return `the alert's namespace ${quoted(namespace)} is not a valid namespace name`;
  return undefined;
}

export function podOf(alert: Alert): Named<{ namespace: string; name: string }> {
  const { resource, namespace, name } = alert.object;
  if (!core(alert) || resource !== 'pods' || name === undefined || name === '') return { ok: false, why: `the alert names no pod (it names ${what(alert)})` };
  const problem = checkNamespace(namespace, alert);
  if (problem) return { ok: false, why: problem };
  if (!isSubdomainName(name)) return { ok: false, why: `the alert's pod name ${quoted(name)} is not a valid pod name` };
  return { ok: true, value: { namespace: namespace!, name } };
}

/** A node the alert names directly (`nodes/<name>`, `nodes/<name>/proxy`). */
export function nodeOf(alert: Alert): Named<string> | undefined {
  const { resource, name } = alert.object;
  if (!core(alert) || resource !== 'nodes' || name === undefined || name === '') return undefined;
  if (!isSubdomainName(name)) return { ok: false, why: `the alert's node name ${quoted(name)} is not a valid node name` };
  return { ok: true, value: name };
}

/** A Deployment, StatefulSet or ReplicaSet the alert names directly. */
export function workloadOf(alert: Alert): Named<{ kind: 'Deployment' | 'StatefulSet' | 'ReplicaSet'; namespace: string; name: string }> | undefined {
  const { resource, apiGroup, namespace, name } = alert.object;
  const kind = resource ? WORKLOADS[resource] : undefined;
  if (alert.source !== 'k8s-audit' || !kind || (apiGroup ?? 'apps') !== 'apps' || name === undefined || name === '') return undefined;
  const problem = checkNamespace(namespace, alert);
  if (problem) return { ok: false, why: problem };
  if (!isSubdomainName(name)) return { ok: false, why: `the alert's ${kind} name ${quoted(name)} is not a valid name` };
  return { ok: true, value: { kind, namespace: namespace!, name } };
}

export function bindingOf(alert: Alert): Named<{ kind: 'RoleBinding' | 'ClusterRoleBinding'; namespace?: string; name: string }> {
  const { resource, apiGroup, namespace, name } = alert.object;
  const kind = resource === 'rolebindings' ? 'RoleBinding' : resource === 'clusterrolebindings' ? 'ClusterRoleBinding' : undefined;
  if (alert.source !== 'k8s-audit' || !kind || (apiGroup ?? 'rbac.authorization.k8s.io') !== 'rbac.authorization.k8s.io' || name === undefined || name === '') {
    return { ok: false, why: `the alert names no RoleBinding or ClusterRoleBinding (it names ${what(alert)})` };
  }
  if (!isPathSegmentName(name)) return { ok: false, why: `the alert's binding name ${quoted(name)} is not a valid name` };
  if (kind === 'ClusterRoleBinding') return { ok: true, value: { kind, name } };
  const problem = checkNamespace(namespace, alert);
  if (problem) return { ok: false, why: problem };
  return { ok: true, value: { kind, namespace: namespace!, name } };
}
