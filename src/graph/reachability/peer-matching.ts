/**
 * Which pod peers (matchers) select each workload, computed matcher by matcher with indexes
 * instead of testing every matcher against every workload: namespace selectors are evaluated
 * once per namespace (and memoised per selector), and pod selectors with `matchLabels` only
 * look at workloads carrying one of those labels.
 */
import { isRecord, selectorMatches, type LabelSelector, type Workload } from '../../inventory/index.js';
import { isHostNetwork } from '../../analysis/network/policy-coverage.js';
import type { PeerMatcher, SelectorMatcher } from './policy-rules.js';

export function podLabelsOf(workload: Workload): Record<string, string> {
  const labels: unknown = workload.podMetadata.labels;
  return isRecord(labels) ? (labels as Record<string, string>) : {};
}

function isEmpty(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

function labelKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/** Merges two ascending id lists into one without duplicates. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] as number) : Infinity;
    const y = j < b.length ? (b[j] as number) : Infinity;
    const next = Math.min(x, y);
    if (out[out.length - 1] !== next) out.push(next);
    if (x === next) i++;
    if (y === next) j++;
  }
  return out;
}

/**
 * For each workload (by index), the ascending ids of the matchers that select its pods.
 * Same semantics as `peerSelectsPod`: a namespaceSelector is matched against the namespace's
 * labels (with `kubernetes.io/metadata.name`), a podSelector alone means the policy's
 * namespace, and both together must both match. Host-network pods send and receive with the
 * node's address, which no pod or namespace selector matches: only the address matcher (an
 * ipBlock overlapping the node ranges) selects them.
 */
export function matchPeers(
  matchers: readonly PeerMatcher[],
  workloads: readonly Workload[],
  namespaceLabels: (namespace: string) => Readonly<Record<string, string>>,
): number[][] {
  const byNamespace = new Map<string, number[]>();
  // Per namespace, label key=value → workloads carrying it.
  const byLabel = new Map<string, Map<string, number[]>>();
  const labels = workloads.map(podLabelsOf);
  workloads.forEach((workload, index) => {
    let members = byNamespace.get(workload.namespace);
    if (!members) byNamespace.set(workload.namespace, (members = []));
    members.push(index);
    let buckets = byLabel.get(workload.namespace);
    if (!buckets) byLabel.set(workload.namespace, (buckets = new Map<string, number[]>()));
    for (const [key, value] of Object.entries(labels[index] as Record<string, string>)) {
      const bucketKey = labelKey(key, value);
      let bucket = buckets.get(bucketKey);
      if (!bucket) buckets.set(bucketKey, (bucket = []));
      bucket.push(index);
    }
  });
  const namespaces = [...byNamespace.keys()];

  const namespaceMemo = new Map<string, readonly string[]>();
  const namespacesOf = (matcher: SelectorMatcher): readonly string[] => {
    if (!matcher.namespaceSelector) return byNamespace.has(matcher.policyNamespace) ? [matcher.policyNamespace] : [];
    const selector = matcher.namespaceSelector;
    const key = JSON.stringify(selector);
    let matched = namespaceMemo.get(key);
    if (!matched) {
      matched = namespaces.filter((namespace) => selectorMatches(selector, namespaceLabels(namespace) as Record<string, string>));
      namespaceMemo.set(key, matched);
    }
    return matched;
  };

  const perNamespace = new Map<string, number[]>();
  const perWorkload: number[][] = workloads.map(() => []);

  // Address matchers select every workload; there is at most one.
  const everyWorkload: number[] = [];
  for (const matcher of matchers) {
    if (matcher.kind === 'addresses') {
      everyWorkload.push(matcher.id);
      continue;
    }
    const scope = namespacesOf(matcher);
    const podSelector = matcher.podSelector;
    if (!podSelector || isEmpty(podSelector)) {
      // Every pod of the namespaces: recorded once per namespace, not once per pod.
      for (const namespace of scope) {
        let ids = perNamespace.get(namespace);
        if (!ids) perNamespace.set(namespace, (ids = []));
        ids.push(matcher.id);
      }
      continue;
    }
    const required = Object.entries(podSelector.matchLabels ?? {}).map(([key, value]) => labelKey(key, value));
    for (const namespace of scope) {
      // Candidates: the smallest bucket of one required label, else every pod of the namespace.
      let candidates = byNamespace.get(namespace) ?? [];
      const buckets = byLabel.get(namespace);
      for (const key of required) {
        const bucket = buckets?.get(key) ?? [];
        if (bucket.length < candidates.length || bucket.length === 0) candidates = bucket;
        if (candidates.length === 0) break;
      }
      for (const index of candidates) {
        if (selectorMatches(podSelector, labels[index])) (perWorkload[index] as number[]).push(matcher.id);
      }
    }
  }

  return workloads.map((workload, index) => {
    if (isHostNetwork(workload)) return [...everyWorkload];
    return mergeSorted(mergeSorted(perNamespace.get(workload.namespace) ?? [], perWorkload[index] as number[]), everyWorkload);
  });
}
