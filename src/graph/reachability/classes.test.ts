/**
 * Classes must change nothing but the cost: verdicts equal a naive pod-pair evaluation written
 * straight from the NetworkPolicy specification, on a random fixture of every rule form.
 */
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../model/index.js';
import { InventoryView, selectorMatches, type LabelSelector, type Workload } from '../../inventory/index.js';
import { cluster as awsCluster, subnet } from '../../checks/nodes/test-support/aws-fixtures.js';
import { kubernetesPolicyTypes, METADATA_NAME_LABEL } from '../../analysis/network/policy-model.js';
import { peerSelectsPod, type NetworkPolicyPeer, type NetworkPolicyRule } from '../../analysis/network/policy-peers.js';
import { inventoryOf } from '../test-support/inventory.js';
import { blockOverlaps, vpcRanges } from './cluster-addresses.js';
import { NetworkReachability } from './network-reachability.js';
import { deployment, netpol, namespace } from './test-support/fixtures.js';

// ---------------------------------------------------------------- naive reference

type Protocol = 'TCP' | 'UDP' | 'SCTP';

interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

function podPorts(workload: Workload): ContainerPort[] {
  return (workload.podSpec.containers ?? []).flatMap((container) => (container.ports ?? []) as ContainerPort[]);
}

function portEntryAdmits(entry: Record<string, unknown>, protocol: Protocol, port: number, destination: Workload): boolean {
  if (((entry.protocol as string | undefined) ?? 'TCP') !== protocol) return false;
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'number') {
    return typeof entry.endPort === 'number' ? port >= entry.port && port <= entry.endPort : port === entry.port;
  }
  return podPorts(destination).some(
    (candidate) => candidate.name === entry.port && (candidate.protocol ?? 'TCP') === protocol && candidate.containerPort === port,
  );
}

class NaiveReachability {
  private readonly policies: K8sObject[];
  private readonly ranges: readonly string[];

  constructor(private readonly view: InventoryView) {
    this.policies = [...view.ofKind('NetworkPolicy')];
    this.ranges = vpcRanges(view).ranges;
  }

  private endpoint(workload: Workload) {
    const labels = this.view.get('Namespace', undefined, workload.namespace)?.metadata?.labels ?? {};
    return {
      namespace: workload.namespace,
      labels: workload.podMetadata.labels ?? {},
      namespaceLabels: { ...labels, [METADATA_NAME_LABEL]: workload.namespace },
      serviceAccount: 'default',
      serviceAccountLabels: {},
    };
  }

  /**
   * An ipBlock matches any workload when it overlaps the pod and node address ranges; a
   * selector never matches a host-network pod, whose traffic carries the node's address.
   */
  private peerMatches(candidate: NetworkPolicyPeer, policy: K8sObject, peer: Workload): boolean {
    if (candidate.ipBlock) {
      return typeof candidate.ipBlock.cidr === 'string' && blockOverlaps(candidate.ipBlock.cidr, candidate.ipBlock.except ?? [], this.ranges);
    }
    return peer.podSpec.hostNetwork !== true && peerSelectsPod(candidate, policy.metadata?.namespace ?? '', this.endpoint(peer));
  }

  /** Whether `subject`'s direction lets traffic with `peer` through on the port (destination = whose ports). */
  private allows(subject: Workload, direction: 'Ingress' | 'Egress', peer: Workload, destination: Workload, protocol: Protocol, port: number): boolean {
    if (subject.podSpec.hostNetwork === true) return true;
    const selecting = this.policies.filter((policy) => {
      const spec = policy.spec as Record<string, unknown>;
      return (
        policy.metadata?.namespace === subject.namespace &&
        selectorMatches(spec.podSelector as LabelSelector, subject.podMetadata.labels) &&
        kubernetesPolicyTypes(spec).has(direction)
      );
    });
    if (selecting.length === 0) return true;
    return selecting.some((policy) => {
      const spec = policy.spec as Record<string, unknown>;
      const rules = ((direction === 'Ingress' ? spec.ingress : spec.egress) ?? []) as NetworkPolicyRule[];
      return rules.some((rule) => {
        const peers = (direction === 'Ingress' ? rule.from : rule.to) ?? [];
        const peerOk = peers.length === 0 || peers.some((candidate: NetworkPolicyPeer) => this.peerMatches(candidate, policy, peer));
        const ports = (rule.ports ?? []) as Array<Record<string, unknown>>;
        return peerOk && (ports.length === 0 || ports.some((entry) => portEntryAdmits(entry, protocol, port, destination)));
      });
    });
  }

  /**
   * Tries every port where an allowed range can start: if the two allowed sets meet, their
   * smallest common port is the start of some range on one side.
   */
  reach(from: Workload, to: Workload): boolean {
    const candidates = new Set<number>([1]);
    for (const policy of this.policies) {
      for (const number of JSON.stringify(policy.spec).match(/"(port|endPort)":\d+/g) ?? []) {
        candidates.add(Number(number.split(':')[1]));
      }
    }
    for (const port of podPorts(to)) candidates.add(port.containerPort);
    for (const protocol of ['TCP', 'UDP', 'SCTP'] as const) {
      for (const port of candidates) {
        if (this.allows(from, 'Egress', to, to, protocol, port) && this.allows(to, 'Ingress', from, to, protocol, port)) return true;
      }
    }
    return false;
  }
}

// ---------------------------------------------------------------- random fixture

function rng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function randomCluster(seed: number, workloads: number, policies: number): K8sObject[] {
  const random = rng(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number): boolean => random() < p;
  const namespaces = ['a', 'b', 'c'];
  const objects: Array<Record<string, unknown>> = [
    namespace('a', { team: 'x', env: 'prod' }),
    namespace('b', { team: 'y', env: 'prod' }),
    namespace('c', { team: 'x' }),
  ];
  const apps = ['web', 'api', 'db', 'cache', 'job'];
  for (let i = 0; i < workloads; i++) {
    const labels: Record<string, string> = { app: pick(apps), tier: pick(['front', 'back']) };
    if (chance(0.3)) labels.role = pick(['admin', 'user']);
    const ports = [
      { name: 'http', containerPort: pick([80, 8080]) },
      ...(chance(0.5) ? [{ name: 'metrics', containerPort: 9090 }] : []),
      ...(chance(0.3) ? [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] : []),
    ];
    objects.push(deployment(pick(namespaces), `w${i}`, { labels, ports, hostNetwork: chance(0.05) }));
  }
  const selector = (): Record<string, unknown> =>
    pick([
      {},
      { matchLabels: { app: pick(apps) } },
      { matchExpressions: [{ key: 'tier', operator: pick(['In', 'NotIn']), values: [pick(['front', 'back'])] }] },
      { matchExpressions: [{ key: 'role', operator: pick(['Exists', 'DoesNotExist']) }] },
    ]);
  const namespaceSelector = (): Record<string, unknown> =>
    pick([{}, { matchLabels: { team: pick(['x', 'y']) } }, { matchLabels: { [METADATA_NAME_LABEL]: pick(namespaces) } }, { matchExpressions: [{ key: 'env', operator: 'Exists' }] }]);
  const peer = (): Record<string, unknown> =>
    pick([
      { podSelector: selector() },
      { namespaceSelector: namespaceSelector() },
      { podSelector: selector(), namespaceSelector: namespaceSelector() },
      { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } },
      { ipBlock: { cidr: pick(['10.0.0.0/8', '10.0.64.0/24', '52.94.0.0/16', '0.0.0.0/0']), except: pick([[], ['10.0.0.0/8'], ['169.254.169.254/32']]) } },
    ]);
  const portEntry = (): Record<string, unknown> =>
    pick([
      { port: pick([80, 8080, 9090, 53]) },
      { port: pick([80, 8000]), endPort: pick([8080, 9000]) },
      { port: pick(['http', 'metrics', 'dns']) },
      { port: 'dns', protocol: 'UDP' },
      { protocol: pick(['UDP', 'SCTP']) },
      { port: 53, protocol: 'UDP' },
    ]);
  const rule = (peersKey: 'from' | 'to'): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    const peers = pick([0, 1, 1, 2]);
    if (peers > 0 || chance(0.3)) result[peersKey] = Array.from({ length: peers }, peer);
    if (chance(0.6)) result.ports = Array.from({ length: pick([1, 2]) }, portEntry);
    return result;
  };
  for (let i = 0; i < policies; i++) {
    const spec: Record<string, unknown> = { podSelector: selector() };
    const types = pick([undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
    if (types) spec.policyTypes = types;
    if (chance(0.7)) spec.ingress = Array.from({ length: pick([0, 1, 2]) }, () => rule('from'));
    if (chance(0.5)) spec.egress = Array.from({ length: pick([0, 1, 2]) }, () => rule('to'));
    objects.push(netpol(pick(namespaces), `p${i}`, spec));
  }
  return objects;
}

function withVpc(objects: readonly K8sObject[]): InventoryView {
  return new InventoryView({
    source: { type: 'cluster' },
    objects: objects.map((object) => ({ object, origin: { type: 'api', api: 'k8s' } })),
    errors: [],
    aws: { eks: { cluster: awsCluster() }, ec2: { subnets: [subnet('subnet-0a', true), subnet('subnet-0b', false)] } },
  });
}

// ---------------------------------------------------------------- tests

describe('reachability classes', () => {
  it('give the verdict of a naive pairwise evaluation, for every pair of a random cluster', () => {
    // Seeds 4 and 5 know the VPC subnets (10.0.0.0/20, 10.0.64.0/19), so fewer ipBlocks match pods.
    for (const seed of [1, 2, 3, 4, 5]) {
      const objects = randomCluster(seed, 45, 14);
      const view = seed > 3 ? withVpc(objects) : inventoryOf(objects);
      const reachability = NetworkReachability.of(view);
      const naive = new NaiveReachability(view);
      const workloads = view.workloads();
      let reachable = 0;
      for (const from of workloads) {
        const expected = new Set<Workload>();
        for (const to of workloads) {
          const want = naive.reach(from, to);
          if (want && to !== from) expected.add(to);
          expect(reachability.reach(from, to).reachable, `seed ${seed}: ${from.resource.name} → ${to.resource.name}`).toBe(want);
        }
        reachable += expected.size;
        expect(new Set(reachability.reachableFrom(from).map((entry) => entry.workload))).toEqual(expected);
      }
      // The fixture exercises both outcomes.
      expect(reachable).toBeGreaterThan(0);
      expect(reachable).toBeLessThan(workloads.length * (workloads.length - 1));
    }
  });

  it('group 200 workloads over a few label sets into a few classes', () => {
    const objects: Array<Record<string, unknown>> = [namespace('shop'), namespace('tools')];
    const labelSets = [{ app: 'web' }, { app: 'api' }, { app: 'db' }, { app: 'debug' }];
    for (let i = 0; i < 200; i++) {
      objects.push(deployment(i % 2 === 0 ? 'shop' : 'tools', `w${i}`, { labels: labelSets[i % 4] as Record<string, string> }));
    }
    objects.push(
      netpol('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      netpol('shop', 'web-to-api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }),
      netpol('shop', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }] }] }),
    );
    const view = inventoryOf(objects);
    const reachability = NetworkReachability.of(view);
    // shop: web, api, db (each its own class); tools: web and db alike (open, unmatched), api, debug.
    expect(reachability.classCount).toBeLessThanOrEqual(8);
    const naive = new NaiveReachability(view);
    const workloads = view.workloads();
    for (const from of workloads.slice(0, 8)) {
      for (const to of workloads) expect(reachability.reach(from, to).reachable).toBe(naive.reach(from, to));
    }
  });

  it('evaluate each pair of classes once, however many workloads ask', () => {
    const objects = [namespace('shop'), ...Array.from({ length: 50 }, (_, i) => deployment('shop', `w${i}`, { labels: { app: i % 2 ? 'a' : 'b' } }))];
    const view = inventoryOf(objects);
    const reachability = NetworkReachability.of(view);
    expect(reachability.classCount).toBe(1);
    const [first, second] = view.workloads() as [Workload, Workload];
    expect(reachability.reachableFrom(first)).toHaveLength(49);
    const computed = reachability.verdictsComputed;
    expect(computed).toBe(1);
    expect(reachability.reachableFrom(second)).toHaveLength(49);
    expect(reachability.verdictsComputed).toBe(computed);
  });
});
