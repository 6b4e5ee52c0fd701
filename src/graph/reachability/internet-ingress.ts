/**
 * Whether traffic from the Internet may enter a workload's pods as far as NetworkPolicy goes.
 * The pods are reachable unless they are ingress-isolated and no ingress rule admits a public
 * address: a rule with no `from` admits everyone, an ipBlock admits the public addresses it
 * holds outside its `except` list, and pod or namespace selectors never select an outside address.
 *
 * This judges the source address as the pod sees it. Load balancers that proxy or SNAT (an ALB,
 * an NLB in instance mode, `externalTrafficPolicy: Cluster`) deliver Internet traffic from VPC
 * or node addresses instead; the exposure edges know which front a workload has.
 */
import type { ResourceRef, StepEvidence } from '../../model/index.js';
import { refKey, type InventoryView, type Workload } from '../../inventory/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { policyCoverage } from '../../analysis/network/policy-coverage.js';
import { directionState } from './classes.js';
import { EvidenceWriter, describeWorkload, nodeRef, rulePeerPath } from './evidence.js';
import { namedPortsOf } from './port-set.js';
import { policyRuleBook, rulePorts } from './policy-rules.js';
import { publicAddressIn } from './public-address.js';
import type { ReachVerdict } from './verdict.js';

function writerFor(inventory: InventoryView): EvidenceWriter {
  return inventory.cached('graph:reach-evidence-writer', () => new EvidenceWriter(inventory));
}

export function internetIngress(inventory: InventoryView, workload: Workload): ReachVerdict {
  const coverage = policyCoverage(inventory);
  const book = policyRuleBook(inventory);
  const writer = writerFor(inventory);
  const state = directionState(coverage, book, workload, 'Ingress');
  const name = describeWorkload(workload);

  if (state.kind !== 'isolated') {
    const open = writer.openSide(workload, state, 'Ingress');
    return { reachable: true, evidence: [...open.evidence], enabledBy: [...open.enabledBy] };
  }

  const namedPorts = namedPortsOf(workload);
  const evidence: StepEvidence[] = [];
  const enabledBy = new Map<string, ResourceRef>();
  for (const rule of state.rules) {
    const ports = rulePorts(rule, namedPorts);
    if (ports.isEmpty()) continue;
    const admit = (peerIndex: number | undefined, what: string): void => {
      evidence.push({
        resource: nodeRef(rule.policy.resource),
        path: formatPath(rulePeerPath(rule, peerIndex)),
        detail: `${rule.policy.label} admits ${what} into ${name} on ${ports.describe()}`,
      });
      const ref = writer.allowAllRef(rule, 'addresses');
      if (ref) enabledBy.set(refKey(ref), ref);
    };
    if (rule.peers === 'all') {
      admit(undefined, 'every source, the Internet included (the rule has no "from")');
      continue;
    }
    for (const peer of rule.peers) {
      if (!peer.ipBlock) continue;
      const example = publicAddressIn(peer.ipBlock.cidr, peer.ipBlock.except);
      if (example) admit(peer.index, `public addresses of ${peer.ipBlock.cidr} (such as ${example})`);
    }
  }
  if (evidence.length > 0) return { reachable: true, evidence, enabledBy: [...enabledBy.values()] };

  return {
    reachable: false,
    evidence: state.policies.map((policy) => ({
      resource: nodeRef(policy.resource),
      path: formatPath(policy.parts[0]?.selectorPath ?? ['spec']),
      detail: `${policy.label} isolates ingress of ${name} and none of its ingress rules admits an address outside the cluster`,
    })),
    enabledBy: [],
  };
}
