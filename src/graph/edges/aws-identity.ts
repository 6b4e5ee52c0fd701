/**
 * The AWS side of the security graph: service accounts to the IAM roles their pods receive
 * (IRSA, EKS Pod Identity), AWS principals to the Kubernetes identities they sign in as (access
 * entries, aws-auth) and to the roles they can assume from outside, and each role to the classes
 * of AWS permission it holds. Node roles are added with the node pools (nodes.ts).
 */
import type { InventoryView } from '../../inventory/index.js';
import type { SecurityGraph } from '../security-graph.js';
import { addPrincipalEdges } from './aws/principals.js';
import { addWorkloadIdentityEdges } from './aws/workload-identity.js';

export function addAwsIdentityEdges(graph: SecurityGraph, inventory: InventoryView): void {
  addWorkloadIdentityEdges(graph, inventory);
  addPrincipalEdges(graph, inventory);
}
