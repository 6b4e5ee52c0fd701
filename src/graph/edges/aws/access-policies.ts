/**
 * What EKS access policies give a principal short of the cluster-wide admin policies (which are
 * `is-admin`, principals.ts): creating pods, which runs code as any service account of the
 * namespaces in scope, and reading Secrets. Scope decides the target, as for RBAC grants
 * (rbac-capabilities.ts): kube-system in scope (cluster scope, or a namespace list or wildcard
 * that covers it) is a takeover, one edge to ClusterAdmin, as the RBAC checks' takeover notion
 * counts it; other namespaces give edges to their service accounts (and, for Secrets alone, to
 * the accounts whose long-lived token Secrets they hold).
 */
import type { K8sObject, ResourceRef, StepEvidence } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import {
  accessPolicyGrants,
  clusterWideAdminPolicies,
  scopeCovers,
  type AccessEntryRecord,
  type AccessPolicyGrant,
} from '../../../analysis/identity/access-entries.js';
import { KUBE_SYSTEM } from '../../../analysis/rbac/capabilities.js';
import { EffectivePermissions } from '../../../analysis/rbac/effective-permissions.js';
import { listText } from '../../../analysis/rbac/grant-text.js';
import type { EdgeKind } from '../../edge-kinds.js';
import { CLUSTER_ADMIN_ID, clusterAdminNode, serviceAccountNode } from '../../nodes.js';
import type { GraphNode, SecurityGraph } from '../../security-graph.js';

const TOKEN_SECRET = 'kubernetes.io/service-account-token';
const TOKEN_OWNER = 'kubernetes.io/service-account.name';

function scopeText(grant: AccessPolicyGrant): string {
  return grant.scope.type === 'cluster' ? 'at cluster scope' : `in namespaces ${listText(grant.scope.namespaces, 5)}`;
}

/** Service accounts of the namespaces a grant covers, as the RBAC edges know them. */
function accountsIn(inventory: InventoryView, grant: AccessPolicyGrant): Array<{ namespace: string; name: string; object: K8sObject | undefined }> {
  const perms = EffectivePermissions.of(inventory);
  return perms
    .subjects()
    .filter((subject) => subject.kind === 'ServiceAccount' && scopeCovers(grant.scope, subject.namespace ?? 'default'))
    .map((subject) => ({ namespace: subject.namespace ?? 'default', name: subject.name, object: perms.serviceAccountObject(subject) }));
}

/** Long-lived token Secrets of the covered namespaces, by the account they authenticate as. */
function tokenSecretsIn(inventory: InventoryView, grant: AccessPolicyGrant): Array<{ secret: K8sObject; namespace: string; owner: string }> {
  return inventory.ofKind('Secret').flatMap((secret) => {
    const namespace = secret.metadata?.namespace ?? 'default';
    const owner: unknown = secret.metadata?.annotations?.[TOKEN_OWNER];
    if (secret.type !== TOKEN_SECRET || typeof owner !== 'string' || owner === '' || !scopeCovers(grant.scope, namespace)) return [];
    return [{ secret, namespace, owner }];
  });
}

export function addAccessPolicyEdges(graph: SecurityGraph, inventory: InventoryView, principal: GraphNode, record: AccessEntryRecord): void {
  const arn = record.accessEntry.principalArn ?? '';
  const resource: ResourceRef = { kind: 'AccessEntry', name: arn };
  // The cluster-wide admin policies are is-admin already.
  const admin = new Set(clusterWideAdminPolicies(record).map((association) => association.index));
  for (const grant of accessPolicyGrants(record)) {
    if (admin.has(grant.index)) continue;
    const scope: StepEvidence = { resource, path: `associatedAccessPolicies[${grant.index}].accessScope`, detail: '' };
    const link = (kind: EdgeKind, to: string, detail: string, extra: StepEvidence[] = []): void => {
      if (to === principal.id) return;
      // No check reports these associations yet; the evidence names the entry.
      graph.addEdge({ from: principal.id, to, kind, evidence: [{ ...scope, detail }, ...extra], enabledBy: [] });
    };
    const what = `${grant.policy} ${scopeText(grant)}`;
    if (scopeCovers(grant.scope, KUBE_SYSTEM)) {
      graph.addNode(clusterAdminNode());
      if (grant.powers.writePods) {
        link('can-create-pods', CLUSTER_ADMIN_ID, `${what} (kube-system included) creates and changes pods and controllers there: code as any service account of kube-system, a privileged pod on any node`);
      } else if (grant.powers.readSecrets) {
        link('can-read-secrets', CLUSTER_ADMIN_ID, `${what} (kube-system included) reads every Secret there: service account tokens, bootstrap tokens, every credential stored`);
      }
      continue;
    }
    if (grant.powers.writePods) {
      for (const account of accountsIn(inventory, grant)) {
        const to = graph.addNode(serviceAccountNode(account.namespace, account.name, account.object));
        link('can-create-pods', to.id, `${what} creates and changes pods and controllers in namespace ${account.namespace}, whose pods may run as any of its service accounts`);
      }
      continue;
    }
    if (!grant.powers.readSecrets) continue;
    for (const { secret, namespace, owner } of tokenSecretsIn(inventory, grant)) {
      const to = graph.addNode(serviceAccountNode(namespace, owner, inventory.get('ServiceAccount', namespace, owner)));
      const name = secret.metadata?.name ?? '';
      link('can-read-secrets', to.id, `${what} reads Secrets in namespace ${namespace}`, [
        { resource: { kind: 'Secret', namespace, name }, path: 'type', detail: `Secret ${namespace}/${name} holds a long-lived token of ServiceAccount ${namespace}/${owner}` },
      ]);
    }
  }
}
