import type { ResourceRef, StepEvidence } from '../../model/index.js';

export interface ReachVerdict {
  reachable: boolean;
  /** The policies (and rules) that allow or block, for evidence. */
  evidence: StepEvidence[];
  /**
   * Resources on which the checks of the `reaches` edge kind report the findings that make
   * this traffic possible: the namespace and workload of an unselected direction
   * (netpol-default-deny-missing, netpol-namespace-none, netpol-workload-uncovered), and the
   * policies whose allowing rule is an allow-all rule (netpol-allow-all).
   */
  enabledBy: ResourceRef[];
}
