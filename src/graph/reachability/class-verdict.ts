/**
 * The verdict for traffic from one reachability class to another: the source's egress must
 * allow the destination AND the destination's ingress must allow the source, on at least one
 * common (protocol, port). Rules of a direction are a union: any rule admitting the peer adds
 * its ports. Named ports resolve against the destination's container ports on both sides.
 */
import type { ClassRules, ReachClass } from './classes.js';
import { PortSet, type NamedPorts } from './port-set.js';
import { rulePorts, type PolicyRule } from './policy-rules.js';

export interface RuleHit {
  rule: PolicyRule;
  /** The `from`/`to` entry that matched; undefined when the rule admits every peer. */
  peerIndex: number | undefined;
  /** What this rule lets through of the verdict's ports. */
  ports: PortSet;
}

export interface SideVerdict {
  /** No rule restricts this direction (unselected, host network, or not evaluated). */
  open: boolean;
  /** The rules admitting the peer, when not open. */
  hits: readonly RuleHit[];
  ports: PortSet;
}

export interface ClassVerdict {
  reachable: boolean;
  /** Ports both directions allow. */
  ports: PortSet;
  egress: SideVerdict;
  ingress: SideVerdict;
}

const OPEN_SIDE: SideVerdict = { open: true, hits: [], ports: PortSet.ALL };
const OPEN_VERDICT: ClassVerdict = { reachable: true, ports: PortSet.ALL, egress: OPEN_SIDE, ingress: OPEN_SIDE };

/** The rules of one side admitting the other side's pods, and the ports they open. */
function sideVerdict(rules: ClassRules, peer: ReachClass, destination: NamedPorts): SideVerdict {
  if (rules === 'open') return OPEN_SIDE;
  const hits: RuleHit[] = [];
  let ports = PortSet.EMPTY;
  for (const rule of rules) {
    let peerIndex: number | undefined;
    if (rule.peers !== 'all') {
      const matched = rule.peers.find((candidate) => candidate.matcher !== undefined && peer.peers.has(candidate.matcher.id));
      if (!matched) continue;
      peerIndex = matched.index;
    }
    const admitted = rulePorts(rule, destination);
    if (admitted.isEmpty()) continue;
    hits.push({ rule, peerIndex, ports: admitted });
    ports = ports.union(admitted);
  }
  return { open: false, hits, ports };
}

/** Keeps the hits that admit some of the common ports, narrowed to them. */
function narrow(side: SideVerdict, common: PortSet): SideVerdict {
  if (side.open) return side;
  const hits: RuleHit[] = [];
  for (const hit of side.hits) {
    const ports = hit.ports.intersect(common);
    if (!ports.isEmpty()) hits.push({ ...hit, ports });
  }
  return { open: false, hits, ports: side.ports.intersect(common) };
}

/**
 * The verdict from one class to another. With `stopEarly`, a source whose egress admits
 * nothing gets a verdict without its ingress side (enough to know it is unreachable, not to
 * explain why).
 */
export function classVerdict(source: ReachClass, destination: ReachClass, stopEarly = false): ClassVerdict {
  if (source.egress === 'open' && destination.ingress === 'open') return OPEN_VERDICT;
  const egress = sideVerdict(source.egress, destination, destination.namedPorts);
  if (stopEarly && egress.ports.isEmpty()) return { reachable: false, ports: PortSet.EMPTY, egress, ingress: egress };
  const ingress = sideVerdict(destination.ingress, source, destination.namedPorts);
  const ports = egress.ports.intersect(ingress.ports);
  if (ports.isEmpty()) return { reachable: false, ports, egress, ingress };
  return { reachable: true, ports, egress: narrow(egress, ports), ingress: narrow(ingress, ports) };
}

/** The verdict limited to the ports some traffic is sent to (a Service's target ports). */
export function restrictPorts(verdict: ClassVerdict, wanted: PortSet): ClassVerdict {
  if (!verdict.reachable) return verdict;
  const ports = verdict.ports.intersect(wanted);
  if (ports.isEmpty()) return { ...verdict, reachable: false, ports };
  return { reachable: true, ports, egress: narrow(verdict.egress, ports), ingress: narrow(verdict.ingress, ports) };
}
