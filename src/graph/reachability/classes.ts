/**
 * Equivalence classes of workloads for reachability. Two workloads whose pods are governed by
 * the same rules in each direction, are selected by the same pod peers, and resolve the named
 * ports those rules use to the same numbers, get the same verdict towards (and from) any other
 * workload. Verdicts are therefore computed once per pair of classes, never per pair of pods.
 * Host-network pods are selected by no pod peer (peer-matching.ts) and form classes of their own.
 */
import type { InventoryView, Workload } from '../../inventory/index.js';
import { isHostNetwork, policyCoverage, type PolicyCoverage } from '../../analysis/network/policy-coverage.js';
import type { Direction, PolicyModel } from '../../analysis/network/policy-model.js';
import { matchPeers } from './peer-matching.js';
import { namedPortsOf, type NamedPorts } from './port-set.js';
import { policyRuleBook, type PolicyRule, type PolicyRuleBook } from './policy-rules.js';

/** How one direction of a workload's traffic is governed. */
export type DirectionState =
  /** Host-network pods: NetworkPolicy does not apply to them. */
  | { kind: 'host' }
  /** No policy selects the pods for this direction: not isolated, everything allowed. */
  | { kind: 'unselected' }
  /** Cilium or Calico policies select the pods; their rules are not evaluated here. */
  | { kind: 'unevaluated'; policies: readonly PolicyModel[] }
  /** Kubernetes NetworkPolicies isolate the pods; only their rules admit traffic. */
  | { kind: 'isolated'; policies: readonly PolicyModel[]; rules: readonly PolicyRule[] };

/** What a class needs of a direction: everything admitted, or only these rules. */
export type ClassRules = 'open' | readonly PolicyRule[];

export interface ReachClass {
  id: number;
  members: Workload[];
  egress: ClassRules;
  ingress: ClassRules;
  /** Ids of the pod peers selecting the members. */
  peers: ReadonlySet<number>;
  /** Named ports of the members (they agree on every name a rule uses). */
  namedPorts: NamedPorts;
}

export interface WorkloadFacts {
  workload: Workload;
  egress: DirectionState;
  ingress: DirectionState;
  namedPorts: NamedPorts;
  reachClass: ReachClass;
}

export interface ReachClasses {
  classes: readonly ReachClass[];
  facts(workload: Workload): WorkloadFacts | undefined;
  rules: PolicyRuleBook;
  coverage: PolicyCoverage;
}

export function directionState(
  coverage: PolicyCoverage,
  book: PolicyRuleBook,
  workload: Workload,
  direction: Direction,
): DirectionState {
  if (isHostNetwork(workload)) return { kind: 'host' };
  const selections = coverage.selecting(workload, direction);
  if (selections.length === 0) return { kind: 'unselected' };
  const policies = [...new Set(selections.map((selection) => selection.policy))];
  const others = policies.filter((policy) => policy.engine !== 'kubernetes');
  // Cilium and Calico add allows (and denies, tiers, entities) this model does not evaluate;
  // assuming they allow keeps the graph from hiding a path that may exist.
  if (others.length > 0) return { kind: 'unevaluated', policies: others };
  return { kind: 'isolated', policies, rules: policies.flatMap((policy) => book.rules(policy, direction)) };
}

function rulesOf(state: DirectionState): ClassRules {
  return state.kind === 'isolated' ? state.rules : 'open';
}

/** `o` for open; else the policies whose rules apply (a policy without rules only isolates). */
function stateKey(state: DirectionState, book: PolicyRuleBook): string {
  if (state.kind !== 'isolated') return 'o';
  const indexes = [...new Set(state.rules.map((rule) => book.policyIndex(rule.policy)))].sort((a, b) => a - b);
  return `i${indexes.join(',')}`;
}

function namedPortsKey(named: NamedPorts, names: readonly string[]): string {
  if (names.length === 0) return '';
  return names
    .map((name) => {
      const ports = (named.get(name) ?? []).map((port) => `${port.protocol}${port.port}`).sort();
      return ports.join('+');
    })
    .join(';');
}

export function reachClasses(inventory: InventoryView): ReachClasses {
  return inventory.cached('graph:reach-classes', () => buildClasses(inventory));
}

function buildClasses(inventory: InventoryView): ReachClasses {
  const coverage = policyCoverage(inventory);
  const book = policyRuleBook(inventory);
  const workloads = inventory.workloads();
  const peers = matchPeers(book.matchers, workloads, (namespace) => coverage.namespaceLabels(namespace));
  const classes: ReachClass[] = [];
  const classBySignature = new Map<string, ReachClass>();
  const facts = new Map<Workload, WorkloadFacts>();

  workloads.forEach((workload, index) => {
    const egress = directionState(coverage, book, workload, 'Egress');
    const ingress = directionState(coverage, book, workload, 'Ingress');
    const namedPorts = namedPortsOf(workload);
    const peerIds = peers[index] ?? [];
    const signature = [
      // Host-network pods speak with the node's address: kept apart even where their peers agree.
      isHostNetwork(workload) ? 'h' : 'p',
      stateKey(egress, book),
      stateKey(ingress, book),
      peerIds.join(','),
      namedPortsKey(namedPorts, book.portNames),
    ].join('|');
    let reachClass = classBySignature.get(signature);
    if (!reachClass) {
      reachClass = {
        id: classes.length,
        members: [],
        egress: rulesOf(egress),
        ingress: rulesOf(ingress),
        peers: new Set(peerIds),
        namedPorts,
      };
      classes.push(reachClass);
      classBySignature.set(signature, reachClass);
    }
    reachClass.members.push(workload);
    facts.set(workload, { workload, egress, ingress, namedPorts, reachClass });
  });

  return { classes, facts: (workload) => facts.get(workload), rules: book, coverage };
}
