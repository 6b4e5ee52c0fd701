/**
 * Ports on the nodes themselves (NodePorts, Service externalIPs, container hostPorts) reach the
 * Internet only when a node security group admits them from `0.0.0.0/0` or `::/0`, the evidence
 * sg-nodeport-world uses. Without security group data (manifests alone) nothing is assumed: an
 * open node port is not proof of Internet exposure.
 */
import type { ResourceRef, StepEvidence } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { securityGroupById, securityGroupRef } from '../../analysis/nodes/aws-resources.js';
import { nodeSecurityGroupUses } from '../../analysis/nodes/node-security-groups.js';
import { describeTraffic, groupLabel, overlap, worldOpenRanges } from '../../analysis/nodes/security-groups.js';

/** Kubernetes' default `--service-node-port-range`, fixed on EKS. */
export const NODE_PORT_RANGE: readonly [number, number] = [30000, 32767];

export interface NodeReach {
  evidence: StepEvidence[];
  /** Security groups sg-nodeport-world reports for the rule that opens the port. */
  enabledBy: ResourceRef[];
}

export type Protocol = 'tcp' | 'udp';

/** TCP unless the port says UDP; SCTP and unknown protocols are not evaluated. */
export function protocolOf(value: unknown): Protocol | undefined {
  if (value === undefined || value === 'TCP') return 'tcp';
  if (value === 'UDP') return 'udp';
  return undefined;
}

/**
 * The node security group rules open to the whole Internet that admit every port of
 * `[from, to]` on `protocol`, as evidence; undefined when none does.
 */
export function worldOpenOnNodes(inventory: InventoryView, protocol: Protocol, from: number, to: number): NodeReach | undefined {
  const byId = securityGroupById(inventory);
  const reach: NodeReach = { evidence: [], enabledBy: [] };
  for (const [groupId, users] of nodeSecurityGroupUses(inventory).uses) {
    const group = byId.get(groupId);
    if (!group) continue;
    for (const range of worldOpenRanges(group)) {
      const admitted = overlap(range.rule, protocol, from, to);
      if (!admitted || admitted[0] !== from || admitted[1] !== to) continue;
      const ref = securityGroupRef(group);
      reach.evidence.push({
        resource: { kind: ref.kind, name: ref.name },
        path: formatPath(range.path),
        detail: `security group ${groupLabel(group)}, attached to ${[...users].sort().join(', ')}, admits ${describeTraffic(range.rule)} from ${range.cidr}`,
      });
      // sg-nodeport-world fails on this group exactly when the rule reaches into the NodePort range.
      const [low, high] = NODE_PORT_RANGE;
      if (overlap(range.rule, 'tcp', low, high) || overlap(range.rule, 'udp', low, high)) {
        if (!reach.enabledBy.some((known) => known.name === ref.name)) reach.enabledBy.push(ref);
      }
    }
  }
  return reach.evidence.length > 0 ? reach : undefined;
}
