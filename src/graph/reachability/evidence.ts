/**
 * Evidence and enabling resources for reachability verdicts. Class-level parts (the rules that
 * allowed) are written once per class pair; workload-level parts (an unselected direction) once
 * per workload; a pair's verdict only concatenates them.
 */
import type { EvidencePath, GraphNodeRef, ResourceRef, StepEvidence } from '../../model/index.js';
import { refKey, refOf, type InventoryView, type Workload } from '../../inventory/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { openRules, type OpenRule } from '../../analysis/network/open-rules.js';
import type { Direction, PolicyModel } from '../../analysis/network/policy-model.js';
import type { ClassVerdict, RuleHit, SideVerdict } from './class-verdict.js';
import type { DirectionState, WorkloadFacts } from './classes.js';
import type { PolicyRule } from './policy-rules.js';
import type { PortSet } from './port-set.js';
import type { ReachVerdict } from './verdict.js';

export interface EvidencePart {
  evidence: readonly StepEvidence[];
  enabledBy: readonly ResourceRef[];
}

export function nodeRef(ref: ResourceRef): GraphNodeRef {
  const node: GraphNodeRef = { kind: ref.kind, name: ref.name };
  if (ref.namespace !== undefined) node.namespace = ref.namespace;
  return node;
}

export function describeWorkload(workload: Workload): string {
  return `${workload.resource.kind} ${workload.namespace}/${workload.resource.name}`;
}

function lower(direction: Direction): string {
  return direction === 'Ingress' ? 'ingress' : 'egress';
}

function selectorPath(policy: PolicyModel): string {
  return formatPath(policy.parts[0]?.selectorPath ?? ['spec']);
}

function concat<T>(...parts: ReadonlyArray<readonly T[]>): T[] {
  const out: T[] = [];
  for (const part of parts) out.push(...part);
  return out;
}

function uniqueRefs(refs: readonly ResourceRef[]): ResourceRef[] {
  if (refs.length < 2) return [...refs];
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = refKey(ref);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export class EvidenceWriter {
  private readonly openSides = new Map<Workload, Partial<Record<Direction, EvidencePart>>>();
  private readonly allowParts = new WeakMap<ClassVerdict, { egress: EvidencePart; ingress: EvidencePart }>();
  private readonly openRuleMemo = new Map<PolicyModel, OpenRule[]>();
  private readonly namespaceRefs = new Map<string, ResourceRef>();

  constructor(private readonly inventory: InventoryView) {}

  /** The Namespace as the namespace-level network checks report it. */
  namespaceRef(namespace: string): ResourceRef {
    let ref = this.namespaceRefs.get(namespace);
    if (!ref) {
      const object = this.inventory.get('Namespace', undefined, namespace);
      ref = object ? refOf(object) : { kind: 'Namespace', name: namespace };
      this.namespaceRefs.set(namespace, ref);
    }
    return ref;
  }

  private openRulesOf(policy: PolicyModel): OpenRule[] {
    let rules = this.openRuleMemo.get(policy);
    if (!rules) this.openRuleMemo.set(policy, (rules = openRules(policy)));
    return rules;
  }

  /**
   * The policy, when netpol-allow-all reports the allowing rule: the whole rule, or one of its
   * peers that the traffic in question falls under (`pods` for pod peers, `addresses` for ipBlocks).
   */
  allowAllRef(rule: PolicyRule, traffic: 'pods' | 'addresses'): ResourceRef | undefined {
    const found = this.openRulesOf(rule.policy).some((open) => {
      if (open.direction !== rule.direction) return false;
      if (!rule.path.every((segment, index) => open.path[index] === segment)) return false;
      if (open.path.length === rule.path.length) return true;
      const peerIndex = open.path[rule.path.length + 1];
      const peer = rule.peers === 'all' ? undefined : rule.peers.find((candidate) => candidate.index === peerIndex);
      return traffic === 'pods' ? peer?.matcher !== undefined : peer?.ipBlock !== undefined;
    });
    return found ? rule.policy.resource : undefined;
  }

  /** Why a direction of a workload lets everything through, and the findings behind it. */
  openSide(workload: Workload, state: DirectionState, direction: Direction): EvidencePart {
    let sides = this.openSides.get(workload);
    if (!sides) this.openSides.set(workload, (sides = {}));
    return (sides[direction] ??= this.writeOpenSide(workload, state, direction));
  }

  private writeOpenSide(workload: Workload, state: DirectionState, direction: Direction): EvidencePart {
    const name = describeWorkload(workload);
    const resource = nodeRef(workload.resource);
    switch (state.kind) {
      case 'host':
        return {
          evidence: [
            {
              resource,
              path: formatPath([...workload.podSpecPath, 'hostNetwork']),
              detail: `${name} uses the host network: NetworkPolicy does not apply to its ${lower(direction)} traffic`,
            },
          ],
          enabledBy: [],
        };
      case 'unselected':
        return {
          evidence: [
            {
              resource,
              path: formatPath(workload.podMetadataPath),
              detail: `no NetworkPolicy selects ${name} for ${direction}: ${
                direction === 'Ingress' ? 'it accepts connections from any pod' : 'it may connect to any pod'
              }`,
            },
          ],
          enabledBy: [this.namespaceRef(workload.namespace), workload.resource],
        };
      case 'unevaluated':
        return {
          evidence: state.policies.map((policy) => ({
            resource: nodeRef(policy.resource),
            path: selectorPath(policy),
            detail: `${policy.label} selects ${name} for ${direction}; its rules are not evaluated, so the traffic is assumed allowed`,
          })),
          enabledBy: state.policies.filter((policy) =>
            this.openRulesOf(policy).some((rule) => rule.direction === direction),
          ).map((policy) => policy.resource),
        };
      case 'isolated':
        return { evidence: [], enabledBy: [] };
    }
  }

  private hitPart(side: SideVerdict, direction: Direction): EvidencePart {
    return {
      evidence: side.hits.map((hit) => hitEvidence(hit, direction)),
      enabledBy: side.hits.flatMap((hit) => {
        const ref = this.allowAllRef(hit.rule, 'pods');
        return ref ? [ref] : [];
      }),
    };
  }

  /** Evidence for traffic a class verdict allows, between two workloads of those classes. */
  allowed(source: WorkloadFacts, destination: WorkloadFacts, verdict: ClassVerdict): ReachVerdict {
    let parts = this.allowParts.get(verdict);
    if (!parts) {
      parts = { egress: this.hitPart(verdict.egress, 'Egress'), ingress: this.hitPart(verdict.ingress, 'Ingress') };
      this.allowParts.set(verdict, parts);
    }
    const egress = verdict.egress.open ? this.openSide(source.workload, source.egress, 'Egress') : parts.egress;
    const ingress = verdict.ingress.open
      ? this.openSide(destination.workload, destination.ingress, 'Ingress')
      : parts.ingress;
    return {
      reachable: true,
      evidence: concat(egress.evidence, ingress.evidence),
      enabledBy: uniqueRefs(concat(egress.enabledBy, ingress.enabledBy)),
    };
  }

  /** Why traffic the policies allow between two workloads is blocked on the ports wanted. */
  blockedOnPorts(source: WorkloadFacts, destination: WorkloadFacts, verdict: ClassVerdict, wanted: PortSet): ReachVerdict {
    const allowed = this.allowed(source, destination, verdict);
    return {
      reachable: false,
      evidence: [
        ...allowed.evidence,
        {
          resource: nodeRef(destination.workload.resource),
          detail: `NetworkPolicies let ${describeWorkload(source.workload)} reach ${describeWorkload(destination.workload)} on ${verdict.ports.describe()} only, not on ${wanted.describe()}`,
        },
      ],
      enabledBy: [],
    };
  }

  /** Why traffic between two workloads is blocked. */
  blocked(source: WorkloadFacts, destination: WorkloadFacts, verdict: ClassVerdict): ReachVerdict {
    const from = describeWorkload(source.workload);
    const to = describeWorkload(destination.workload);
    const evidence: StepEvidence[] = [];
    const isolation = (state: DirectionState, direction: Direction, other: string): void => {
      if (state.kind !== 'isolated') return;
      const subject = direction === 'Egress' ? from : to;
      for (const policy of state.policies) {
        evidence.push({
          resource: nodeRef(policy.resource),
          path: selectorPath(policy),
          detail: `${policy.label} isolates ${lower(direction)} of ${subject} and no ${lower(direction)} rule allows ${other}`,
        });
      }
    };
    const egressAdmits = verdict.egress.open || verdict.egress.hits.length > 0;
    const ingressAdmits = verdict.ingress.open || verdict.ingress.hits.length > 0;
    if (!egressAdmits) isolation(source.egress, 'Egress', to);
    if (!ingressAdmits) isolation(destination.ingress, 'Ingress', from);
    // Host-network pods speak with the node's address, which pod and namespace selectors never match.
    const hostPeers = [...(!egressAdmits ? [destination] : []), ...(!ingressAdmits ? [source] : [])];
    for (const peer of new Set(hostPeers)) {
      if (peer.workload.podSpec.hostNetwork !== true) continue;
      evidence.push({
        resource: nodeRef(peer.workload.resource),
        path: formatPath([...peer.workload.podSpecPath, 'hostNetwork']),
        detail: `${describeWorkload(peer.workload)} uses the host network: its traffic carries the node's address, which only an ipBlock matches`,
      });
    }
    if (egressAdmits && ingressAdmits) {
      for (const hit of verdict.egress.hits) evidence.push(hitEvidence(hit, 'Egress'));
      for (const hit of verdict.ingress.hits) evidence.push(hitEvidence(hit, 'Ingress'));
      evidence.push({
        resource: nodeRef(destination.workload.resource),
        detail: `egress of ${from} allows ${verdict.egress.ports.describe()} but ingress of ${to} allows ${verdict.ingress.ports.describe()}: no port in common`,
      });
    }
    return { reachable: false, evidence, enabledBy: [] };
  }
}

export function rulePeerPath(rule: PolicyRule, peerIndex: number | undefined): EvidencePath {
  return peerIndex === undefined ? rule.path : [...rule.path, rule.peersKey, peerIndex];
}

function hitEvidence(hit: RuleHit, direction: Direction): StepEvidence {
  const { rule, peerIndex } = hit;
  const matched = peerIndex === undefined || rule.peers === 'all' ? undefined : rule.peers.find((candidate) => candidate.index === peerIndex);
  const peer =
    peerIndex === undefined
      ? `every ${direction === 'Ingress' ? 'source' : 'destination'} (the rule has no "${rule.peersKey}")`
      : matched?.podMatch
        ? `the ${direction === 'Ingress' ? "source's" : "destination's"} address (${rule.peersKey}[${peerIndex}]: ${matched.podMatch})`
        : `the ${direction === 'Ingress' ? "source's" : "destination's"} pods (${rule.peersKey}[${peerIndex}])`;
  return {
    resource: nodeRef(rule.policy.resource),
    path: formatPath(rulePeerPath(rule, peerIndex)),
    detail: `${rule.policy.label} allows ${lower(direction)} ${direction === 'Ingress' ? 'from' : 'to'} ${peer} on ${hit.ports.describe()}`,
  };
}
