/**
 * The rules of every Kubernetes NetworkPolicy, read once per inventory into a shape the
 * reachability classes can evaluate quickly: each pod peer (podSelector and/or
 * namespaceSelector) becomes a numbered matcher, shared by identical peers, so a workload can
 * be described by the set of matchers that select it. Every ipBlock that overlaps the
 * cluster's pod and node addresses shares one more matcher, which selects every workload
 * (cluster-addresses.ts).
 */
import type { EvidencePath } from '../../model/index.js';
import { getIn, isRecord, type InventoryView, type LabelSelector } from '../../inventory/index.js';
import { policyCoverage } from '../../analysis/network/policy-coverage.js';
import type { Direction, PolicyModel } from '../../analysis/network/policy-model.js';
import { blockMatchesPods, podAddressing, type PodAddressing } from './cluster-addresses.js';
import { portNamesOf, rulePortSet, type NamedPorts, type PortSet } from './port-set.js';

/** A pod peer: which pods a `from`/`to` entry selects. */
export type PeerMatcher = SelectorMatcher | AddressMatcher;

/** podSelector and/or namespaceSelector: pods by labels, never host-network pods. */
export interface SelectorMatcher {
  kind: 'selector';
  id: number;
  /** Present: matched against namespace labels. Absent: only the policy's own namespace. */
  namespaceSelector: LabelSelector | undefined;
  /** The policy's namespace, which a peer without namespaceSelector is limited to. */
  policyNamespace: string;
  /** Absent: every pod of the selected namespaces. */
  podSelector: LabelSelector | undefined;
}

/**
 * An ipBlock overlapping the cluster's pod and node addresses: selects every workload, host
 * network included (their traffic comes from the node's address, also in those ranges).
 */
export interface AddressMatcher {
  kind: 'addresses';
  id: number;
}

export interface RulePeer {
  index: number;
  /** The pod matcher, or undefined when the peer selects no pod (ipBlock outside the cluster, malformed). */
  matcher: PeerMatcher | undefined;
  ipBlock: { cidr: string; except: readonly unknown[] } | undefined;
  /** Why the ipBlock admits pods, when it does (for evidence). */
  podMatch?: string;
}

export interface PolicyRule {
  policy: PolicyModel;
  direction: Direction;
  index: number;
  /** `spec.ingress[i]` / `spec.egress[i]`. */
  path: EvidencePath;
  /** `from` for ingress, `to` for egress. */
  peersKey: 'from' | 'to';
  /** 'all' when the rule has no (or an empty) `from`/`to`: every source or destination. */
  peers: 'all' | readonly RulePeer[];
  /** Raw `ports`, resolved against each destination's named ports. */
  ports: unknown;
  /** The port set when it does not depend on the destination (no named ports). */
  fixedPorts: PortSet | undefined;
}

export interface PolicyRuleBook {
  /** Rules of a Kubernetes policy for a direction it isolates; [] otherwise. */
  rules(policy: PolicyModel, direction: Direction): readonly PolicyRule[];
  matchers: readonly PeerMatcher[];
  /** Every port name some rule uses: the only named ports that can change a verdict. */
  portNames: readonly string[];
  /** Stable small number per policy, for class signatures. */
  policyIndex(policy: PolicyModel): number;
  /** How ipBlocks relate to pod and node addresses. */
  addressing: PodAddressing;
}

export function rulePorts(rule: PolicyRule, destination: NamedPorts): PortSet {
  return rule.fixedPorts ?? rulePortSet(rule.ports, destination);
}

/**
 * A label selector as written, or 'invalid' for one the API server would reject (wrong types);
 * undefined when absent. Rejecting here keeps a malformed selector from matching everything.
 */
export function readSelector(value: unknown): LabelSelector | undefined | 'invalid' {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) return 'invalid';
  const selector: LabelSelector = {};
  if (value.matchLabels !== undefined && value.matchLabels !== null) {
    if (!isRecord(value.matchLabels)) return 'invalid';
    const labels: Record<string, string> = {};
    for (const [key, label] of Object.entries(value.matchLabels)) {
      if (typeof label !== 'string') return 'invalid';
      labels[key] = label;
    }
    selector.matchLabels = labels;
  }
  if (value.matchExpressions !== undefined && value.matchExpressions !== null) {
    if (!Array.isArray(value.matchExpressions)) return 'invalid';
    const expressions: NonNullable<LabelSelector['matchExpressions']> = [];
    for (const requirement of value.matchExpressions) {
      if (!isRecord(requirement) || typeof requirement.key !== 'string' || typeof requirement.operator !== 'string') {
        return 'invalid';
      }
      const values = requirement.values ?? [];
      if (!Array.isArray(values) || !values.every((item) => typeof item === 'string')) return 'invalid';
      expressions.push({ key: requirement.key, operator: requirement.operator, values });
    }
    selector.matchExpressions = expressions;
  }
  return selector;
}

export function policyRuleBook(inventory: InventoryView): PolicyRuleBook {
  return inventory.cached('graph:netpol-rule-book', () => readRuleBook(inventory));
}

function readRuleBook(inventory: InventoryView): PolicyRuleBook {
  const coverage = policyCoverage(inventory);
  const matchers: PeerMatcher[] = [];
  const matcherByKey = new Map<string, SelectorMatcher>();
  const portNames = new Set<string>();
  const byPolicy = new Map<PolicyModel, Record<Direction, PolicyRule[]>>();
  const indexes = new Map<PolicyModel, number>();
  const addressing = podAddressing(inventory);
  let addressMatcher: AddressMatcher | undefined;

  const matcherFor = (
    policyNamespace: string,
    podSelector: LabelSelector | undefined,
    namespaceSelector: LabelSelector | undefined,
  ): SelectorMatcher => {
    // Without a namespaceSelector the peer is bound to the policy's namespace; with one the
    // policy's namespace plays no part, so identical peers of different namespaces share a matcher.
    const key = JSON.stringify([namespaceSelector ?? policyNamespace, podSelector ?? null]);
    let matcher = matcherByKey.get(key);
    if (!matcher) {
      matcher = { kind: 'selector', id: matchers.length, namespaceSelector, policyNamespace, podSelector };
      matchers.push(matcher);
      matcherByKey.set(key, matcher);
    }
    return matcher;
  };

  const readPeer = (raw: unknown, index: number, policyNamespace: string): RulePeer => {
    const peer: RulePeer = { index, matcher: undefined, ipBlock: undefined };
    if (!isRecord(raw)) return peer;
    if (raw.ipBlock !== undefined && raw.ipBlock !== null) {
      // An ipBlock peer names addresses: those of outside clients (internetIngress), and those
      // of pods and nodes when it overlaps their ranges. The API rejects an ipBlock combined
      // with selectors, so such a peer is read as its ipBlock alone.
      const block = raw.ipBlock;
      if (isRecord(block) && typeof block.cidr === 'string') {
        const except: readonly unknown[] = Array.isArray(block.except) ? block.except : [];
        peer.ipBlock = { cidr: block.cidr, except };
        const podMatch = blockMatchesPods(addressing, block.cidr, except);
        if (podMatch) {
          peer.podMatch = podMatch;
          if (!addressMatcher) {
            addressMatcher = { kind: 'addresses', id: matchers.length };
            matchers.push(addressMatcher);
          }
          peer.matcher = addressMatcher;
        }
      }
      return peer;
    }
    const podSelector = readSelector(raw.podSelector);
    const namespaceSelector = readSelector(raw.namespaceSelector);
    if (podSelector === 'invalid' || namespaceSelector === 'invalid') return peer;
    if (!podSelector && !namespaceSelector) return peer;
    peer.matcher = matcherFor(policyNamespace, podSelector, namespaceSelector);
    return peer;
  };

  coverage.policies.forEach((policy, index) => {
    indexes.set(policy, index);
    if (policy.engine !== 'kubernetes') return;
    const rules: Record<Direction, PolicyRule[]> = { Ingress: [], Egress: [] };
    byPolicy.set(policy, rules);
    const namespace = policy.namespace ?? 'default';
    for (const direction of policy.directions) {
      const key = direction === 'Ingress' ? 'ingress' : 'egress';
      const peersKey = direction === 'Ingress' ? 'from' : 'to';
      const list = getIn(policy.object, ['spec', key]);
      if (!Array.isArray(list)) continue;
      list.forEach((raw: unknown, ruleIndex) => {
        if (!isRecord(raw)) return;
        const rawPeers = raw[peersKey];
        let peers: PolicyRule['peers'];
        if (rawPeers === undefined || rawPeers === null || (Array.isArray(rawPeers) && rawPeers.length === 0)) {
          peers = 'all';
        } else if (Array.isArray(rawPeers)) {
          peers = rawPeers.map((peer: unknown, peerIndex) => readPeer(peer, peerIndex, namespace));
        } else {
          return; // not a list: the API would reject the policy; the rule admits nothing
        }
        const names = portNamesOf(raw.ports);
        for (const name of names) portNames.add(name);
        rules[direction].push({
          policy,
          direction,
          index: ruleIndex,
          path: ['spec', key, ruleIndex],
          peersKey,
          peers,
          ports: raw.ports,
          fixedPorts: names.length === 0 ? rulePortSet(raw.ports) : undefined,
        });
      });
    }
  });

  return {
    rules: (policy, direction) => byPolicy.get(policy)?.[direction] ?? [],
    matchers,
    portNames: [...portNames].sort(),
    policyIndex: (policy) => indexes.get(policy) ?? -1,
    addressing,
  };
}
