/**
 * Builds the security graph once from the inventory. Each contributor adds the nodes and edges
 * of one subject; they share node ids through nodes.ts, so their edges join up.
 */
import type { InventoryView } from '../inventory/index.js';
import { SecurityGraph } from './security-graph.js';
import { addExposureEdges } from './edges/exposure.js';
import { addWorkloadEdges } from './edges/workloads.js';
import { addRbacEdges } from './edges/rbac.js';
import { addAwsIdentityEdges } from './edges/aws-identity.js';
import { addNodeEdges } from './edges/nodes.js';
import { addReachability } from './edges/reachability.js';
import { clusterAdminNode, internetNode } from './nodes.js';

export type GraphContributor = (graph: SecurityGraph, inventory: InventoryView) => void;

/** In order: later contributors may rely on nodes earlier ones added. */
export const CONTRIBUTORS: readonly GraphContributor[] = [
  addWorkloadEdges,
  addExposureEdges,
  addRbacEdges,
  addAwsIdentityEdges,
  addNodeEdges,
  addReachability,
];

export function buildGraph(inventory: InventoryView): SecurityGraph {
  return inventory.cached('graph:security-graph', () => {
    const graph = new SecurityGraph();
    graph.addNode(internetNode());
    graph.addNode(clusterAdminNode());
    for (const contribute of CONTRIBUTORS) contribute(graph, inventory);
    return graph;
  });
}
