import type { K8sObject } from '../model/index.js';
import { InventoryView } from '../inventory/index.js';
import { bootstrapRolesBeside } from './bootstrap-roles.js';

/** Where the object under review came from: the API server, not a file (no line positions). */
const ADMISSION_ORIGIN = { type: 'api', api: 'k8s', via: 'admission' } as const;
/** The default ClusterRoles: what the API server's bootstrap policy creates, not read from the cluster. */
const BOOTSTRAP_ORIGIN = { type: 'api', api: 'k8s', via: 'bootstrap-policy' } as const;

/**
 * An inventory holding just the object under review, so the checks marked admission-safe judge
 * it exactly as a scan of that object would. The request's namespace fills a missing
 * `metadata.namespace` (a create without one lands in it); the caller's object is not changed.
 * An RBAC binding is judged beside the default ClusterRoles (see bootstrap-roles.ts): a binding
 * to one of them is judged as a scan of the cluster would; a binding to a custom role is not
 * judged by the RBAC checks (its rules live in the cluster) and is admitted without their verdict.
 */
export function singleObjectView(object: K8sObject, namespace: string | undefined): InventoryView {
  const placed =
    namespace && !object.metadata?.namespace ? { ...object, metadata: { ...object.metadata, namespace } } : object;
  const defaults = bootstrapRolesBeside(placed).map((role) => ({ object: role, origin: { ...BOOTSTRAP_ORIGIN } }));
  return new InventoryView({
    source: { type: 'cluster' },
    objects: [{ object: placed, origin: { ...ADMISSION_ORIGIN } }, ...defaults],
    errors: [],
  });
}
