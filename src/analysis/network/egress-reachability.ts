/**
 * Whether a pod may open a connection to an address outside the cluster (the instance metadata
 * service) given every policy engine's egress rules. Kubernetes and Cilium allows are unions;
 * a matching Cilium `egressDeny` or a Calico `Deny` reached before any `Allow` (in `order`)
 * blocks.
 */
import type { EvidencePath, K8sObject } from '../../model/index.js';
import { getIn, type InventoryView, type Workload, isRecord } from '../../inventory/index.js';
import { parseCalicoSelector } from './calico-selector.js';
import { cidrTextContains } from './cidr.js';
import { ruleAdmittingAddress, type NetworkPolicyRule } from './policy-peers.js';
import type { PolicyCoverage, Selection } from './policy-coverage.js';

export interface Destination {
  address: string;
  port: number;
  protocol: 'TCP' | 'UDP';
}

export type EgressVerdict =
  | { reachable: true; because: 'no-egress-policy' }
  | { reachable: true; because: 'allowed'; policy: Selection['policy']; path: EvidencePath }
  | { reachable: false; because: 'denied'; policy: Selection['policy']; path: EvidencePath }
  | { reachable: false; because: 'not-allowed'; policies: Array<Selection['policy']> };


function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

// ---------------------------------------------------------------- Cilium

function ciliumPortsAllow(toPorts: unknown, destination: Destination): boolean {
  if (!Array.isArray(toPorts) || toPorts.length === 0) return true;
  return toPorts.some((entry) => {
    const ports = isRecord(entry) ? list(entry.ports) : [];
    if (ports.length === 0) return true;
    return ports.some((port) => {
      if (!isRecord(port)) return false;
      const protocol = typeof port.protocol === 'string' ? port.protocol.toUpperCase() : 'ANY';
      if (protocol !== 'ANY' && protocol !== destination.protocol) return false;
      const number = Number(port.port);
      if (!Number.isInteger(number)) return false;
      if (number === 0) return true;
      const end = Number(port.endPort);
      return Number.isInteger(end) && end > 0
        ? destination.port >= number && destination.port <= end
        : destination.port === number;
    });
  });
}

const CILIUM_L3 = ['toCIDR', 'toCIDRSet', 'toEntities', 'toEndpoints', 'toServices', 'toFQDNs', 'toGroups', 'toNodes', 'toRequires'];

/** Whether a Cilium egress(-deny) rule selects an address outside the cluster. */
function ciliumRuleMatches(rule: Record<string, unknown>, destination: Destination): boolean {
  if (!ciliumPortsAllow(rule.toPorts, destination)) return false;
  const hasL3 = CILIUM_L3.some((key) => rule[key] !== undefined);
  // An L4-only rule reaches every destination on its ports; an empty rule reaches nothing.
  if (!hasL3) return rule.toPorts !== undefined;
  if (list(rule.toCIDR).some((cidr) => typeof cidr === 'string' && cidrTextContains(cidr, destination.address))) {
    return true;
  }
  const inSet = list(rule.toCIDRSet).some((set) => {
    if (!isRecord(set) || typeof set.cidr !== 'string' || !cidrTextContains(set.cidr, destination.address)) return false;
    return !list(set.except).some((cidr) => typeof cidr === 'string' && cidrTextContains(cidr, destination.address));
  });
  if (inSet) return true;
  const world = destination.address.includes(':') ? 'world-ipv6' : 'world-ipv4';
  return list(rule.toEntities).some((entity) => entity === 'all' || entity === 'world' || entity === world);
}

function ciliumMatch(selection: Selection, key: 'egress' | 'egressDeny', destination: Destination): EvidencePath | undefined {
  const rules = getIn(selection.policy.object, [...selection.part.specPath, key]);
  const index = list(rules).findIndex((rule) => isRecord(rule) && ciliumRuleMatches(rule, destination));
  return index >= 0 ? [...selection.part.specPath, key, index] : undefined;
}

// ---------------------------------------------------------------- Calico

interface NetworkSet {
  namespace: string | undefined;
  labels: Record<string, string>;
  nets: string[];
}

function networkSets(inventory: InventoryView): NetworkSet[] {
  return inventory.cached('network:calico-network-sets', () => {
    const sets: NetworkSet[] = [];
    for (const [kind, global] of [['GlobalNetworkSet', true], ['NetworkSet', false]] as const) {
      for (const group of ['projectcalico.org', 'crd.projectcalico.org']) {
        for (const object of inventory.ofKindInGroup(kind, group)) {
          const spec = isRecord(object.spec) ? object.spec : {};
          sets.push({
            namespace: global ? undefined : (object.metadata?.namespace ?? 'default'),
            labels: object.metadata?.labels ?? {},
            nets: list(spec.nets).filter((net): net is string => typeof net === 'string'),
          });
        }
      }
    }
    return sets;
  });
}

function calicoPortsMatch(ports: unknown, port: number): boolean {
  return list(ports).some((entry) => {
    if (typeof entry === 'number') return entry === port;
    if (typeof entry !== 'string') return false;
    const range = /^(\d+):(\d+)$/.exec(entry);
    if (range) return port >= Number(range[1]) && port <= Number(range[2]);
    return /^\d+$/.test(entry) && Number(entry) === port;
  });
}

function calicoProtocolMatches(value: unknown, protocol: string): boolean {
  const numbers: Record<string, number> = { TCP: 6, UDP: 17 };
  if (typeof value === 'number') return value === numbers[protocol];
  return typeof value === 'string' && value.toUpperCase() === protocol;
}

/** Whether a Calico egress rule's destination covers an address outside the cluster. */
function calicoRuleMatches(
  rule: Record<string, unknown>,
  destination: Destination,
  inventory: InventoryView,
  policyNamespace: string | undefined,
): boolean {
  if (rule.protocol !== undefined && !calicoProtocolMatches(rule.protocol, destination.protocol)) return false;
  if (rule.notProtocol !== undefined && calicoProtocolMatches(rule.notProtocol, destination.protocol)) return false;
  const target = isRecord(rule.destination) ? rule.destination : {};
  if (target.ports !== undefined && !calicoPortsMatch(target.ports, destination.port)) return false;
  if (target.notPorts !== undefined && calicoPortsMatch(target.notPorts, destination.port)) return false;
  const inNets = (nets: unknown): boolean =>
    list(nets).some((net) => typeof net === 'string' && cidrTextContains(net, destination.address));
  if (target.nets !== undefined && !inNets(target.nets)) return false;
  if (target.notNets !== undefined && inNets(target.notNets)) return false;
  if (target.serviceAccounts !== undefined || target.services !== undefined || target.domains !== undefined) {
    return false;
  }
  if (target.selector !== undefined || target.namespaceSelector !== undefined) {
    // An address outside the cluster is only selected through a (Global)NetworkSet holding it.
    if (target.namespaceSelector !== undefined) return false;
    const parsed = parseCalicoSelector(String(target.selector));
    if (!parsed.ok) return false;
    return networkSets(inventory).some(
      (set) =>
        (set.namespace === undefined || set.namespace === policyNamespace) &&
        parsed.selector.matches(set.labels) &&
        inNets(set.nets),
    );
  }
  return true;
}

type CalicoDecision = { action: 'Allow' | 'Deny'; path: EvidencePath } | undefined;

function calicoDecision(selection: Selection, destination: Destination, inventory: InventoryView): CalicoDecision {
  const rules = list(getIn(selection.policy.object, ['spec', 'egress']));
  for (const [index, rule] of rules.entries()) {
    if (!isRecord(rule) || !calicoRuleMatches(rule, destination, inventory, selection.policy.namespace)) continue;
    if (rule.action === 'Allow' || rule.action === 'Deny') return { action: rule.action, path: ['spec', 'egress', index] };
    // `Pass` hands the decision to the next tier; `Log` goes on to the next rule.
    if (rule.action === 'Pass') return undefined;
  }
  return undefined;
}

function calicoOrder(object: K8sObject): number {
  const order = isRecord(object.spec) ? object.spec.order : undefined;
  return typeof order === 'number' ? order : Number.POSITIVE_INFINITY;
}

// ---------------------------------------------------------------- all engines

export function egressVerdict(
  inventory: InventoryView,
  coverage: PolicyCoverage,
  workload: Workload,
  destination: Destination,
): EgressVerdict {
  const selections = coverage.selecting(workload, 'Egress');
  if (selections.length === 0) return { reachable: true, because: 'no-egress-policy' };

  for (const selection of selections) {
    if (selection.policy.engine !== 'cilium') continue;
    const path = ciliumMatch(selection, 'egressDeny', destination);
    if (path) return { reachable: false, because: 'denied', policy: selection.policy, path };
  }
  const calico = selections
    .filter((selection) => selection.policy.engine === 'calico')
    .sort((a, b) => calicoOrder(a.policy.object) - calicoOrder(b.policy.object));
  let calicoAllow: { selection: Selection; path: EvidencePath } | undefined;
  for (const selection of calico) {
    const decision = calicoDecision(selection, destination, inventory);
    if (decision?.action === 'Deny') {
      return { reachable: false, because: 'denied', policy: selection.policy, path: decision.path };
    }
    if (decision?.action === 'Allow') {
      calicoAllow = { selection, path: decision.path };
      break;
    }
  }

  for (const selection of selections) {
    let path: EvidencePath | undefined;
    if (selection.policy.engine === 'kubernetes') {
      const rules = getIn(selection.policy.object, ['spec', 'egress']) as NetworkPolicyRule[] | undefined;
      path = ruleAdmittingAddress(rules, 'to', destination.address, destination.port, destination.protocol, ['spec', 'egress']);
    } else if (selection.policy.engine === 'cilium') {
      path = ciliumMatch(selection, 'egress', destination);
    }
    if (path) return { reachable: true, because: 'allowed', policy: selection.policy, path };
  }
  if (calicoAllow) {
    return { reachable: true, because: 'allowed', policy: calicoAllow.selection.policy, path: calicoAllow.path };
  }
  return { reachable: false, because: 'not-allowed', policies: [...new Set(selections.map((s) => s.policy))] };
}
