/**
 * Benchmark hook for NetworkPolicy reachability: a deterministic synthetic cluster (bare pods
 * sharing a few label sets per namespace, and NetworkPolicies of every rule form) and a
 * measurement of class building and `reachableFrom`.
 */
import type { K8sObject } from '../src/model/index.js';
import type { InventoryView } from '../src/inventory/index.js';
import { inventoryOf } from '../src/graph/test-support/inventory.js';
import { NetworkReachability } from '../src/graph/reachability/network-reachability.js';
import { seededRandom as rng } from './seeded-random.js';

export interface ReachabilityBenchOptions {
  pods?: number;
  policies?: number;
  namespaces?: number;
  /** Distinct `app` labels per namespace (pods of one app share labels). */
  appsPerNamespace?: number;
  seed?: number;
}


/** Namespaces, bare Pods and NetworkPolicies, as a cluster read would return them. */
export function reachabilityBenchObjects(options: ReachabilityBenchOptions = {}): K8sObject[] {
  const { pods = 10_000, policies = 1_000, namespaces = 100, appsPerNamespace = 10, seed = 7 } = options;
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const namespaceName = (n: number): string => `team-${String(n).padStart(3, '0')}`;
  const app = (n: number): string => `app-${n}`;
  const objects: K8sObject[] = [];
  for (let n = 0; n < namespaces; n++) {
    const name = namespaceName(n);
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name, env: pick(['prod', 'staging']), team: `t${n % 7}` } },
    });
  }
  for (let p = 0; p < pods; p++) {
    const namespace = namespaceName(p % namespaces);
    const appIndex = Math.floor(random() * appsPerNamespace);
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${p}`, namespace, labels: { app: app(appIndex), tier: appIndex % 3 === 0 ? 'web' : 'backend' } },
      spec: {
        ...(random() < 0.01 ? { hostNetwork: true } : {}),
        containers: [
          {
            name: 'main',
            image: 'nginx:1.27',
            ports: [
              { name: 'http', containerPort: appIndex % 2 === 0 ? 8080 : 80 },
              { name: 'metrics', containerPort: 9090 },
            ],
          },
        ],
      },
    });
  }
  for (let i = 0; i < policies; i++) {
    const n = i % namespaces;
    const namespace = namespaceName(n);
    const form = i < namespaces ? 'default-deny' : pick(['app-from-app', 'app-from-namespace', 'egress-dns', 'allow-web', 'and-peer']);
    let spec: Record<string, unknown>;
    switch (form) {
      case 'default-deny':
        spec = { podSelector: {}, policyTypes: ['Ingress', 'Egress'] };
        break;
      case 'app-from-app':
        spec = {
          podSelector: { matchLabels: { app: app(Math.floor(random() * appsPerNamespace)) } },
          ingress: [{ from: [{ podSelector: { matchLabels: { app: app(Math.floor(random() * appsPerNamespace)) } } }], ports: [{ port: 'http' }] }],
        };
        break;
      case 'app-from-namespace':
        spec = {
          podSelector: { matchLabels: { app: app(Math.floor(random() * appsPerNamespace)) } },
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespaceName(Math.floor(random() * namespaces)) } } }] }],
        };
        break;
      case 'egress-dns':
        spec = {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ port: 53, protocol: 'UDP' }] },
            { to: [{ podSelector: { matchLabels: { tier: 'backend' } } }], ports: [{ port: 8000, endPort: 9000 }] },
          ],
        };
        break;
      case 'allow-web':
        spec = { podSelector: { matchLabels: { tier: 'web' } }, ingress: [{ ports: [{ port: 80 }, { port: 8080 }] }] };
        break;
      default:
        spec = {
          podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] },
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { team: `t${Math.floor(random() * 7)}` } }, podSelector: { matchLabels: { tier: 'web' } } }],
              ports: [{ port: 'metrics' }, { protocol: 'TCP', port: 8080 }],
            },
          ],
          egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }] }],
        };
    }
    objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `${form}-${i}`, namespace }, spec });
  }
  return objects;
}

export { inventoryOf };

export interface ReachabilityBenchResult {
  workloads: number;
  classes: number;
  /** Policy coverage, rule reading, peer matching and classes. */
  buildMs: number;
  /** The first `reachableFrom` of a workload: one verdict per class. */
  firstReachableFromMs: number;
  /** `reachableFrom` of another workload of the same class: listing only. */
  sameClassReachableFromMs: number;
  reachableFromFirst: number;
  /** `reachableFrom` for `sample` workloads spread over the inventory. */
  sampleMs: number;
  sample: number;
}

/**
 * Measures reachability on an inventory (the synthetic one when none is given). The view
 * must be fresh: classes are cached on it.
 */
export function benchReachability(inventory: InventoryView = inventoryOf(reachabilityBenchObjects()), sample = 100): ReachabilityBenchResult {
  const workloads = inventory.workloads();
  let started = performance.now();
  const reachability = NetworkReachability.of(inventory);
  const buildMs = performance.now() - started;

  const first = workloads[0];
  let firstReachableFromMs = 0;
  let sameClassReachableFromMs = 0;
  let reachableFromFirst = 0;
  if (first) {
    started = performance.now();
    reachableFromFirst = reachability.reachableFrom(first).length;
    firstReachableFromMs = performance.now() - started;
    const sameClass = reachability.classOf(first)?.members.find((workload) => workload !== first);
    if (sameClass) {
      started = performance.now();
      reachability.reachableFrom(sameClass);
      sameClassReachableFromMs = performance.now() - started;
    }
  }

  const step = Math.max(1, Math.floor(workloads.length / sample));
  let sampled = 0;
  started = performance.now();
  for (let index = 0; index < workloads.length && sampled < sample; index += step, sampled++) {
    reachability.reachableFrom(workloads[index] as (typeof workloads)[number]);
  }
  const sampleMs = performance.now() - started;

  return {
    workloads: workloads.length,
    classes: reachability.classCount,
    buildMs,
    firstReachableFromMs,
    sameClassReachableFromMs,
    reachableFromFirst,
    sampleMs,
    sample: sampled,
  };
}
