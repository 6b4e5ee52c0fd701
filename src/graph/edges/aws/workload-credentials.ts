/**
 * `can-assume` from a workload to the IAM roles its pods receive (IRSA, EKS Pod Identity). The
 * service account's Kubernetes token plays no part: the IRSA webhook mounts its own projected
 * web identity token (volume `aws-iam-token`, audience sts.amazonaws.com), and the Pod Identity
 * agent serves credentials to every pod of an associated service account, whatever
 * `automountServiceAccountToken` says. So a compromised container holds the role even when it
 * has no `runs-as` edge. The service account keeps its own edge to the role: whoever creates a
 * pod as that account gets the role too, which the RBAC paths need.
 */
import type { StepEvidence } from '../../../model/index.js';
import type { InventoryView, Workload } from '../../../inventory/index.js';
import { serviceAccountOf } from '../../../analysis/rbac/effective-permissions.js';
import { workloadNode } from '../../nodes.js';
import type { GraphEdge, SecurityGraph } from '../../security-graph.js';
import { serviceAccountEvidence } from '../workloads.js';

/** A role a service account's pods are handed, and the edge that says so. */
export interface HandedRole {
  namespace: string;
  serviceAccount: string;
  via: 'irsa' | 'pod-identity';
  edge: GraphEdge;
}

/** Pod annotation listing containers the IRSA webhook leaves without the token. */
export const SKIP_CONTAINERS_ANNOTATION = 'eks.amazonaws.com/skip-containers';

/**
 * Whether the IRSA webhook leaves every container of the pod without the token: the pod's
 * `eks.amazonaws.com/skip-containers` annotation names all of them.
 */
export function irsaSkipsEveryContainer(workload: Workload): boolean {
  const value: unknown = workload.podMetadata.annotations?.[SKIP_CONTAINERS_ANNOTATION];
  if (typeof value !== 'string') return false;
  const skipped = new Set(value.split(',').map((name) => name.trim()));
  return workload.containers.length > 0 && workload.containers.every((container) => skipped.has(container.name));
}

const HOW: Record<HandedRole['via'], string> = {
  irsa: 'the IRSA webhook mounts the role’s web identity token (volume aws-iam-token) in them',
  'pod-identity': 'the EKS Pod Identity agent serves them the role’s credentials',
};

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function addWorkloadCredentialEdges(graph: SecurityGraph, inventory: InventoryView, handed: readonly HandedRole[]): void {
  if (handed.length === 0) return;
  const byAccount = new Map<string, HandedRole[]>();
  for (const role of handed) {
    const key = keyOf(role.namespace, role.serviceAccount);
    const list = byAccount.get(key);
    if (list) list.push(role);
    else byAccount.set(key, [role]);
  }
  for (const workload of inventory.workloads()) {
    const account = serviceAccountOf(workload);
    const roles = byAccount.get(keyOf(workload.namespace, account.name));
    if (!roles) continue;
    const from = graph.addNode(workloadNode(workload));
    for (const { via, edge } of roles) {
      if (via === 'irsa' && irsaSkipsEveryContainer(workload)) continue;
      const named = serviceAccountEvidence(workload);
      const runs: StepEvidence = { ...named, detail: `${named.detail}; ${HOW[via]} whatever automountServiceAccountToken says` };
      graph.addEdge({ from: from.id, to: edge.to, kind: 'can-assume', evidence: [runs, ...edge.evidence], enabledBy: edge.enabledBy });
    }
  }
}
