/**
 * NetworkPolicy reachability between workloads, and from the Internet into them.
 * Placeholder signatures: being written.
 */
import type { InventoryView, Workload } from '../../inventory/index.js';
import type { StepEvidence } from '../../model/index.js';

export interface ReachVerdict {
  reachable: boolean;
  /** The policies (and rules) that allow or block, for evidence. */
  evidence: StepEvidence[];
}

/** Whether traffic from outside the cluster (the Internet) may enter the workload's pods. */
export function internetIngress(_inventory: InventoryView, _workload: Workload): ReachVerdict {
  return { reachable: true, evidence: [] };
}
