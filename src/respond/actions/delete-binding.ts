/**
 * `delete-binding`: delete the RoleBinding or ClusterRoleBinding an alert names (a binding an
 * attacker made to escalate). The DELETE carries the uid read while planning as a precondition,
 * so a binding deleted and recreated under the same name in between is not deleted. Undo
 * creates the binding again as it was. The bindings Kubernetes and EKS make for themselves are
 * refused: deleting them breaks the cluster.
 */
import type { Alert, K8sObject } from '../../model/index.js';
import { bindingOf } from './alert-target.js';
import { assertValid, getObject, isRecord, sendAll, skip } from './common.js';
import { collectionPath, describeTarget, objectPath, targetOf } from './paths.js';
import type { ActionContext, ActionSpec, PlannedAction, ResponseAction, SkippedAction } from './types.js';

/** Set by the API server; a create must not carry them. */
const SERVER_FIELDS = ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

function validate(params: Record<string, unknown>): string[] {
  return Object.keys(params).map((key) => `${key}: unknown setting (delete-binding takes none)`);
}

/** Why a binding belongs to the platform, or undefined. */
function platformBinding(binding: K8sObject): string | undefined {
  const name = binding.metadata?.name ?? '';
  if (name.startsWith('system:')) return 'its name starts with system: (a Kubernetes binding)';
  if (name.startsWith('eks:')) return 'its name starts with eks: (a binding EKS manages)';
  if (binding.metadata?.labels?.['kubernetes.io/bootstrapping'] === 'rbac-defaults') return 'it is labelled kubernetes.io/bootstrapping=rbac-defaults';
  return undefined;
}

function summary(binding: K8sObject): string {
  const roleRef = isRecord(binding.roleRef) ? binding.roleRef : {};
  const subjects = Array.isArray(binding.subjects) ? (binding.subjects as unknown[]).filter(isRecord) : [];
  const text = (value: unknown): string => (typeof value === 'string' ? value : '?');
  const who = subjects.slice(0, 3).map((subject) => `${text(subject.kind)} ${typeof subject.namespace === 'string' ? `${subject.namespace}/` : ''}${text(subject.name)}`);
  if (subjects.length > 3) who.push(`${subjects.length - 3} more`);
  return `${text(roleRef.kind)} ${text(roleRef.name)} to ${who.length > 0 ? who.join(', ') : 'no subjects'}`;
}

const SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts:';

/**
 * The namespaces whose workloads lose rights when the binding goes: those of the service accounts
 * it names, one by one or as a `system:serviceaccounts:<ns>` group. Deleting a ClusterRoleBinding
 * that a kube-system add-on runs on acts on kube-system, wherever the binding itself lives.
 */
function affected(binding: K8sObject, own: string | undefined): { affectedNamespaces?: string[] } {
  const subjects = Array.isArray(binding.subjects) ? (binding.subjects as unknown[]).filter(isRecord) : [];
  const namespaces = new Set<string>();
  for (const subject of subjects) {
    if (subject.kind === 'ServiceAccount' && typeof subject.namespace === 'string' && subject.namespace !== '') namespaces.add(subject.namespace);
    if (subject.kind === 'Group' && typeof subject.name === 'string' && subject.name.startsWith(SERVICE_ACCOUNTS_GROUP)) namespaces.add(subject.name.slice(SERVICE_ACCOUNTS_GROUP.length));
  }
  if (own !== undefined) namespaces.delete(own);
  return namespaces.size > 0 ? { affectedNamespaces: [...namespaces].sort() } : {};
}

/** The binding as a create request body: what was served minus the fields the server sets. */
export function recreatable(binding: K8sObject, apiVersion: string, kind: string): K8sObject {
  const copy = structuredClone(binding);
  const metadata = { ...copy.metadata };
  for (const field of SERVER_FIELDS) delete metadata[field];
  return { ...copy, apiVersion, kind, metadata };
}

async function plan(alert: Alert, spec: ActionSpec, context: ActionContext): Promise<PlannedAction | SkippedAction> {
  assertValid('delete-binding', validate(spec.params));
  const named = bindingOf(alert);
  if (!named.ok) return skip('delete-binding', named.why);
  const { kind, namespace, name } = named.value;
  const target = targetOf(kind, name, namespace);
  const path = objectPath(kind, name, namespace);
  const binding = await getObject(context.client, path);
  if (!binding) return skip('delete-binding', `${describeTarget(target)} does not exist (any more)`, target);
  const platform = platformBinding(binding);
  if (platform) return skip('delete-binding', `${describeTarget(target)} is not deleted: ${platform}`, target);
  const uid = binding.metadata?.uid;
  return {
    action: 'delete-binding',
    target,
    description: `delete ${describeTarget(target)} (binds ${summary(binding)})`,
    facts: { ...(namespace ? { namespace } : {}), ...affected(binding, namespace) },
    before: binding,
    requests: [
      {
        method: 'DELETE',
        path,
        contentType: 'application/json',
        body: { kind: 'DeleteOptions', apiVersion: 'v1', ...(uid ? { preconditions: { uid } } : {}) },
      },
    ],
    undo: [{ method: 'POST', path: collectionPath(kind, namespace), contentType: 'application/json', body: recreatable(binding, target.apiVersion, kind) }],
  };
}

export const deleteBindingAction: ResponseAction = {
  kind: 'delete-binding',
  validate,
  plan,
  apply: (planned, context) => sendAll(context.client, planned.requests),
};
