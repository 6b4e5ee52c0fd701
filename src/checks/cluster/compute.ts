/** What the cluster's pods run on, from the Node objects. */
import type { InventoryView } from '../../inventory/index.js';

export const COMPUTE_TYPE_LABEL = 'eks.amazonaws.com/compute-type';

/**
 * Every node is a Fargate node: no EC2 instance of the cluster to scan or to run node agents
 * on. False when no Node was collected, since then nothing is known.
 */
export function fargateOnly(inventory: InventoryView): boolean {
  const nodes = inventory.ofKind('Node');
  return nodes.length > 0 && nodes.every((node) => node.metadata?.labels?.[COMPUTE_TYPE_LABEL] === 'fargate');
}
