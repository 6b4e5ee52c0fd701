/**
 * Whether connections from addresses outside the pod network may enter a workload's pods as
 * far as NetworkPolicy goes, on the ports the traffic targets. The pods are reachable unless
 * they are ingress-isolated and no ingress rule admits the source on one of those ports: a rule
 * with no `from` admits everyone, an ipBlock admits the addresses it holds outside its `except`
 * list, and pod or namespace selectors never select an address outside the cluster.
 *
 * Two sources: the Internet client itself (internetIngress: an ipBlock must hold a public
 * address), and the VPC addresses a proxying load balancer or kube-proxy SNAT hands the
 * connection over from (forwardedIngress: an ipBlock must overlap the VPC ranges). Which one
 * the pods see depends on the front; the exposure edges decide.
 */
import type { ResourceRef, StepEvidence } from '../../model/index.js';
import { refKey, type InventoryView, type Workload } from '../../inventory/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { policyCoverage } from '../../analysis/network/policy-coverage.js';
import { directionState } from './classes.js';
import { blockOverlaps, vpcRanges } from './cluster-addresses.js';
import { EvidenceWriter, describeWorkload, nodeRef, rulePeerPath } from './evidence.js';
import { namedPortsOf, PortSet } from './port-set.js';
import { policyRuleBook, rulePorts } from './policy-rules.js';
import { publicAddressIn } from './public-address.js';
import type { ReachVerdict } from './verdict.js';

/** Where connections come from, as the pods see them. */
interface AddressSource {
  /** What a rule without `from` admits, in words. */
  everySource: string;
  /** What an ipBlock admits of this source, in words; undefined when nothing. */
  admittedBy(cidr: string, except: readonly unknown[]): string | undefined;
  /** The source in words, for a verdict that nothing admits it. */
  label: string;
}

const INTERNET: AddressSource = {
  everySource: 'every source, the Internet included (the rule has no "from")',
  admittedBy: (cidr, except) => {
    const example = publicAddressIn(cidr, except);
    return example ? `public addresses of ${cidr} (such as ${example})` : undefined;
  },
  label: 'an address outside the cluster',
};

function vpcSource(inventory: InventoryView): AddressSource {
  const { ranges, label } = vpcRanges(inventory);
  return {
    everySource: 'every source (the rule has no "from")',
    admittedBy: (cidr, except) => (blockOverlaps(cidr, except, ranges) ? `${cidr}, which holds ${label}` : undefined),
    label,
  };
}

function writerFor(inventory: InventoryView): EvidenceWriter {
  return inventory.cached('graph:reach-evidence-writer', () => new EvidenceWriter(inventory));
}

/** Whether Internet clients, seen with their own address, may connect to the pods on `ports`. */
export function internetIngress(inventory: InventoryView, workload: Workload, ports: PortSet = PortSet.ALL): ReachVerdict {
  return ingressFrom(inventory, workload, INTERNET, ports);
}

/** Whether connections handed over from the VPC's addresses may reach the pods on `ports`. */
export function forwardedIngress(inventory: InventoryView, workload: Workload, ports: PortSet = PortSet.ALL): ReachVerdict {
  return ingressFrom(inventory, workload, vpcSource(inventory), ports);
}

function ingressFrom(inventory: InventoryView, workload: Workload, source: AddressSource, target: PortSet): ReachVerdict {
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
    // Only the ports the traffic is sent to count: a rule opening others admits none of it.
    const ports = rulePorts(rule, namedPorts).intersect(target);
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
      admit(undefined, source.everySource);
      continue;
    }
    for (const peer of rule.peers) {
      if (!peer.ipBlock) continue;
      const what = source.admittedBy(peer.ipBlock.cidr, peer.ipBlock.except);
      if (what) admit(peer.index, what);
    }
  }
  if (evidence.length > 0) return { reachable: true, evidence, enabledBy: [...enabledBy.values()] };

  const onPorts = target.isAll() ? '' : ` on ${target.describe()}`;
  return {
    reachable: false,
    evidence: state.policies.map((policy) => ({
      resource: nodeRef(policy.resource),
      path: formatPath(policy.parts[0]?.selectorPath ?? ['spec']),
      detail: `${policy.label} isolates ingress of ${name} and none of its ingress rules admits ${source.label}${onPorts}`,
    })),
    enabledBy: [],
  };
}
