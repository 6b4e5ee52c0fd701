/**
 * Nodes in the security graph: one node-group node per pool of nodes (managed node group,
 * Fargate profile, Karpenter or Auto Mode NodePool, self-managed instances), with
 * `node-credentials` to the IAM role its nodes run as (root on a node holds it); from each
 * workload, `escapes-to-node` to the pools it can run on when its containers can take over the
 * node, and `node-credentials` straight to the node role when its pods reach the instance
 * metadata service. Fargate pods have neither: no shared node, no metadata service.
 */
import type { InventoryView } from '../../inventory/index.js';
import { nodeGroupNode, workloadNode } from '../nodes.js';
import type { AttrValue, GraphNode, SecurityGraph } from '../security-graph.js';
import { addRoleNode } from './aws/role-nodes.js';
import { addRolePermissionEdges } from './aws/role-permissions.js';
import { escapeReasons } from './node-pools/escape.js';
import { imdsReach } from './node-pools/imds.js';
import { placementOf } from './node-pools/placement.js';
import { graphPools, type GraphPool } from './node-pools/pools.js';

function addPool(graph: SecurityGraph, inventory: InventoryView, pool: GraphPool): GraphNode {
  const attrs: Record<string, AttrValue> = { pool: pool.kind, label: pool.label };
  if (pool.fargate) attrs.fargate = true;
  if (pool.podExecutionRole) attrs.podExecutionRole = pool.podExecutionRole;
  const node = graph.addNode(nodeGroupNode(pool.key, attrs, pool.resource));
  if (pool.fargate) return node;
  for (const role of pool.roles) {
    const roleNode = addRoleNode(graph, inventory, role.arn);
    graph.addEdge({
      from: node.id,
      to: roleNode.id,
      kind: 'node-credentials',
      evidence: [role.evidence, { resource: pool.resource, detail: `root on a node of ${pool.label} reads the instance profile credentials of ${role.arn}` }],
      enabledBy: [],
    });
    addRolePermissionEdges(graph, inventory, role.arn);
  }
  return node;
}

export function addNodeEdges(graph: SecurityGraph, inventory: InventoryView): void {
  const pools = graphPools(inventory);
  if (pools.length === 0) return;
  const poolNodes = new Map(pools.map((pool) => [pool.key, addPool(graph, inventory, pool)]));
  for (const workload of inventory.workloads()) {
    const placement = placementOf(inventory, workload);
    const reasons = escapeReasons(workload);
    let from: GraphNode | undefined;
    const source = (): GraphNode => (from ??= graph.addNode(workloadNode(workload)));
    for (const pool of placement.pools) {
      if (pool.fargate) continue;
      const poolNode = poolNodes.get(pool.key);
      if (!poolNode) continue;
      if (reasons.length > 0) {
        graph.addEdge({
          from: source().id,
          to: poolNode.id,
          kind: 'escapes-to-node',
          evidence: [...reasons, placement.evidence],
          // wl-* checks report on the workload; psa-enforce-privileged on its namespace.
          enabledBy: [workload.resource, { kind: 'Namespace', name: workload.namespace }],
        });
      }
      if (pool.roles.length === 0) continue;
      const reach = imdsReach(inventory, workload, pool);
      if (!reach) continue;
      for (const role of pool.roles) {
        const roleNode = addRoleNode(graph, inventory, role.arn);
        graph.addEdge({
          from: source().id,
          to: roleNode.id,
          kind: 'node-credentials',
          evidence: [placement.evidence, ...reach.evidence, role.evidence],
          enabledBy: reach.enabledBy,
        });
      }
    }
  }
}
