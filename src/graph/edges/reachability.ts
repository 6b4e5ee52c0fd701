/**
 * `reaches` edges: workload → workload where NetworkPolicy lets the first one's pods open
 * connections to the second one's. They are provided on demand, one source at a time, from
 * the memoised reachability classes: storing them would be quadratic in the workload count.
 */
import type { InventoryView, Workload } from '../../inventory/index.js';
import type { GraphEdge, SecurityGraph } from '../security-graph.js';
import { workloadId, workloadNode } from '../nodes.js';
import { NetworkReachability, type ReachVerdict } from '../reachability/index.js';

export function addReachability(graph: SecurityGraph, inventory: InventoryView): void {
  const byId = new Map<string, Workload>();
  const ids = new Map<Workload, string>();
  for (const workload of inventory.workloads()) {
    const id = workloadId(workload);
    if (!graph.node(id)) graph.addNode(workloadNode(workload));
    byId.set(id, workload);
    ids.set(workload, id);
  }
  if (byId.size < 2) return;

  graph.provide('reaches', 'workload', (node): GraphEdge[] => {
    const from = byId.get(node.id);
    if (!from) return [];
    const reachability = NetworkReachability.of(inventory);
    const edges: GraphEdge[] = [];
    for (const workload of reachability.reachableWorkloads(from)) {
      const to = ids.get(workload);
      if (to === undefined || to === node.id) continue;
      // Evidence is written only for the few edges a report shows or ties findings to.
      let verdict: ReachVerdict | undefined;
      const verdictOf = (): ReachVerdict => (verdict ??= reachability.reach(from, workload));
      edges.push({
        from: node.id,
        to,
        kind: 'reaches',
        get evidence() {
          return verdictOf().evidence;
        },
        get enabledBy() {
          return verdictOf().enabledBy;
        },
      });
    }
    return edges;
  });
}
