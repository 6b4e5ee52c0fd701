/**
 * Internet traffic that reaches pods from VPC addresses. Proxying load balancers (ALB, Classic
 * ELB), NLB IP targets without client IP preservation and kube-proxy with
 * `externalTrafficPolicy: Cluster` hand connections to the pods from the load balancer's or a
 * node's private address, so a NetworkPolicy that admits only the VPC range still lets the
 * Internet in through them. internetIngress judges public source addresses; this judges the
 * forwarded ones with the same rule model (reachability/), against the VPC's subnets when the
 * AWS data has them, otherwise against every private range.
 *
 * It could live beside internetIngress as a variant taking source ranges.
 */
import type { ResourceRef, StepEvidence } from '../../model/index.js';
import type { InventoryView, Workload } from '../../inventory/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { parseCidr, type Cidr } from '../../analysis/network/cidr.js';
import { policyCoverage } from '../../analysis/network/policy-coverage.js';
import { directionState } from '../reachability/classes.js';
import { EvidenceWriter, describeWorkload, nodeRef, rulePeerPath } from '../reachability/evidence.js';
import { namedPortsOf, type NamedPorts } from '../reachability/port-set.js';
import { policyRuleBook, rulePorts, type PolicyRule } from '../reachability/policy-rules.js';
import type { ReachVerdict } from '../reachability/index.js';

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'];

/** The cluster VPC's subnet ranges, or every private range when they are not known. */
export function vpcRanges(inventory: InventoryView): { ranges: string[]; label: string } {
  return inventory.cached('graph:exposure-vpc-ranges', () => {
    const vpcId = inventory.aws?.eks?.cluster?.resourcesVpcConfig?.vpcId;
    const ranges = new Set<string>();
    for (const subnet of inventory.aws?.ec2?.subnets ?? []) {
      if (!vpcId || subnet.VpcId !== vpcId) continue;
      if (subnet.CidrBlock) ranges.add(subnet.CidrBlock);
      for (const association of subnet.Ipv6CidrBlockAssociationSet ?? []) {
        if (association.Ipv6CidrBlock) ranges.add(association.Ipv6CidrBlock);
      }
    }
    return ranges.size > 0
      ? { ranges: [...ranges].sort(), label: `the subnets of ${vpcId ?? 'the VPC'}` }
      : { ranges: PRIVATE_RANGES, label: 'private addresses (the VPC ranges are not in the AWS data)' };
  });
}

type Interval = readonly [bigint, bigint];

function intervalOf(cidr: Cidr): Interval {
  const hostBits = BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
  return [cidr.network, cidr.network + (1n << hostBits) - 1n];
}

function subtract(intervals: readonly Interval[], hole: Interval): Interval[] {
  return intervals.flatMap(([lo, hi]): Interval[] => {
    if (hole[1] < lo || hole[0] > hi) return [[lo, hi]];
    const out: Interval[] = [];
    if (hole[0] > lo) out.push([lo, hole[0] - 1n]);
    if (hole[1] < hi) out.push([hole[1] + 1n, hi]);
    return out;
  });
}

/** Whether an ipBlock (CIDR minus `except`) holds an address of one of the ranges. */
export function blockOverlaps(cidr: string, except: readonly unknown[], ranges: readonly string[]): boolean {
  const block = parseCidr(cidr);
  if (!block) return false;
  const [blockLo, blockHi] = intervalOf(block);
  return ranges.some((text) => {
    const range = parseCidr(text);
    if (!range || range.family !== block.family) return false;
    const [lo, hi] = intervalOf(range);
    let remaining: Interval[] = lo > blockHi || hi < blockLo ? [] : [[lo > blockLo ? lo : blockLo, hi < blockHi ? hi : blockHi]];
    for (const entry of except) {
      const hole = typeof entry === 'string' ? parseCidr(entry) : undefined;
      if (hole && hole.family === block.family) remaining = subtract(remaining, intervalOf(hole));
    }
    return remaining.length > 0;
  });
}

function writerFor(inventory: InventoryView): EvidenceWriter {
  return inventory.cached('graph:exposure-evidence-writer', () => new EvidenceWriter(inventory));
}

/** Whether NetworkPolicies let connections from the VPC's addresses into the workload's pods. */
export function forwardedIngress(inventory: InventoryView, workload: Workload): ReachVerdict {
  const state = directionState(policyCoverage(inventory), policyRuleBook(inventory), workload, 'Ingress');
  const writer = writerFor(inventory);
  if (state.kind !== 'isolated') {
    const open = writer.openSide(workload, state, 'Ingress');
    return { reachable: true, evidence: [...open.evidence], enabledBy: [...open.enabledBy] };
  }
  const { ranges, label } = vpcRanges(inventory);
  const name = describeWorkload(workload);
  const namedPorts = namedPortsOf(workload);
  const evidence: StepEvidence[] = [];
  const enabledBy: ResourceRef[] = [];
  for (const rule of state.rules) {
    const ports = rulePortsOf(rule, namedPorts);
    if (ports === undefined) continue;
    const admit = (peerIndex: number | undefined, what: string): void => {
      evidence.push({
        resource: nodeRef(rule.policy.resource),
        path: formatPath(rulePeerPath(rule, peerIndex)),
        detail: `${rule.policy.label} admits ${what} into ${name} on ${ports}`,
      });
      const ref = writer.allowAllRef(rule, 'addresses');
      if (ref && !enabledBy.includes(ref)) enabledBy.push(ref);
    };
    if (rule.peers === 'all') {
      admit(undefined, 'every source (the rule has no "from")');
      continue;
    }
    for (const peer of rule.peers) {
      if (peer.ipBlock && blockOverlaps(peer.ipBlock.cidr, peer.ipBlock.except, ranges)) {
        admit(peer.index, `${peer.ipBlock.cidr}, which holds ${label}`);
      }
    }
  }
  if (evidence.length > 0) return { reachable: true, evidence, enabledBy };
  return {
    reachable: false,
    evidence: state.policies.map((policy) => ({
      resource: nodeRef(policy.resource),
      path: formatPath(policy.parts[0]?.selectorPath ?? ['spec']),
      detail: `${policy.label} isolates ingress of ${name} and no ingress rule admits ${label}`,
    })),
    enabledBy: [],
  };
}

/** The ports a rule opens on the workload, described; undefined when it opens none. */
function rulePortsOf(rule: PolicyRule, namedPorts: NamedPorts): string | undefined {
  const ports = rulePorts(rule, namedPorts);
  return ports.isEmpty() ? undefined : ports.describe();
}
