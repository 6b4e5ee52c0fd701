import { refOf, type InventoryView } from '../../../inventory/index.js';
import type { K8sObject } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import type { ObjectTarget } from '../../targets.js';
import { scopeOf } from '../object-scope.js';

interface DefaultNamespaceTarget extends ObjectTarget {
  /** The object names no namespace: it lands in `default` only if applied without one. */
  implied: boolean;
}

/** What the API server itself keeps in `default` in every cluster. */
const BUILT_IN_OBJECTS = new Set([
  'Service/kubernetes',
  'Endpoints/kubernetes',
  'ServiceAccount/default',
  'ConfigMap/kube-root-ca.crt',
]);
/** Kinds that only mirror or record other objects, which are reported themselves. */
const DERIVED_KINDS = new Set(['Event', 'Lease']);
const DERIVED_SECRET_TYPES = new Set(['kubernetes.io/service-account-token', 'helm.sh/release.v1']);

function isDerived(inventory: InventoryView, object: K8sObject, namespace: string): boolean {
  const kind = object.kind ?? '';
  const name = object.metadata?.name ?? '';
  if (DERIVED_KINDS.has(kind) || BUILT_IN_OBJECTS.has(`${kind}/${name}`)) return true;
  if (kind === 'EndpointSlice' && object.metadata?.labels?.['kubernetes.io/service-name'] === 'kubernetes') return true;
  if (kind === 'Endpoints' && inventory.get('Service', namespace, name)) return true;
  return kind === 'Secret' && DERIVED_SECRET_TYPES.has(String(object.type));
}

/** Every namespaced object, once per controller; derived and API-server-owned objects are left out. */
function targets(inventory: InventoryView): DefaultNamespaceTarget[] {
  const found: DefaultNamespaceTarget[] = [];
  const seenOwners = new Set<string>();
  for (const object of inventory.objects) {
    const declared = object.metadata?.namespace;
    if (declared === undefined && scopeOf(inventory, object) !== 'namespaced') continue;
    const namespace = declared ?? 'default';
    if (isDerived(inventory, object, namespace)) continue;
    // Replicas, slices and revisions stand for their owner: report the owner, or one of them when it is absent.
    const owner = object.metadata?.ownerReferences?.find((reference) => reference.controller === true);
    if (owner?.kind && owner.name) {
      if (inventory.get(owner.kind, declared, owner.name)) continue;
      const key = `${owner.kind}/${namespace}/${owner.name}`;
      if (seenOwners.has(key)) continue;
      seenOwners.add(key);
    }
    found.push({ resource: refOf(object), object, implied: declared === undefined });
  }
  return found;
}

export const check = defineCheck<DefaultNamespaceTarget, 'explicit' | 'implied'>({
  id: 'wl-default-namespace',
  title: 'Resources in the default namespace',
  severity: 'low',
  area: 'workload',
  description:
    'The default namespace is where everything lands that nobody placed: policies, quotas and RBAC are rarely scoped to it, so objects there share a namespace (and its Secrets and service accounts) with whatever else was dropped there. Manifests without `metadata.namespace` are reported too, since `kubectl apply` without `-n` puts them there; those applied with `-n` or by a tool that sets the namespace are not really at risk.',
  remediation: 'Create a namespace per application or team and set `metadata.namespace` in the manifests (or pin it in kustomize/Helm).',
  messages: {
    explicit: '{{kind}} "{{name}}" is in the default namespace',
    implied:
      '{{kind}} "{{name}}" names no namespace: it lands in "default" unless applied with -n or by a tool that sets one (kustomize, Helm, Argo CD)',
  },
  links: ['https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/'],
  targets,
  evaluate(target, context) {
    if (!target.implied && target.object.metadata?.namespace !== 'default') return;
    const data = { kind: target.resource.kind, name: target.resource.name };
    context.fail(target.implied ? 'implied' : 'explicit', data, { path: ['metadata', 'namespace'] });
  },
});
