/**
 * Which pod templates each network policy selects, per direction, computed once per scan.
 * Checks read this instead of re-evaluating selectors per object.
 */
import type { InventoryView, Workload } from '../../inventory/index.js';
import {
  DIRECTIONS,
  METADATA_NAME_LABEL,
  policyModels,
  type Direction,
  type PodEndpoint,
  type PolicyModel,
  type PolicyPart,
} from './policy-model.js';

export interface Selection {
  policy: PolicyModel;
  part: PolicyPart;
}

export interface PolicyCoverage {
  policies: readonly PolicyModel[];
  /** The policy parts isolating a workload in a direction; empty for host-network pods. */
  selecting(workload: Workload, direction: Direction): readonly Selection[];
  /** Workloads a policy selects (in any direction it isolates). */
  selected(policy: PolicyModel): readonly Workload[];
  endpointOf(workload: Workload): PodEndpoint;
  namespaceLabels(namespace: string): Readonly<Record<string, string>>;
  /** Namespaced policies of any engine living in a namespace. */
  namespacedPolicies(namespace: string): readonly PolicyModel[];
  /** Cluster-wide policies (Cilium clusterwide, Calico global). */
  clusterWidePolicies: readonly PolicyModel[];
  /** Policies that could apply to a namespace but whose selectors cannot be evaluated. */
  unsupportedFor(namespace: string): readonly PolicyModel[];
}

/** Namespace labels as selectors see them, with the label the API server adds to every one. */
export function namespaceLabelsOf(inventory: InventoryView, namespace: string): Record<string, string> {
  const labels = inventory.get('Namespace', undefined, namespace)?.metadata?.labels ?? {};
  return { ...labels, [METADATA_NAME_LABEL]: namespace };
}

export function isHostNetwork(workload: Workload): boolean {
  return workload.podSpec.hostNetwork === true;
}

function serviceAccountOf(workload: Workload): string {
  return workload.podSpec.serviceAccountName ?? workload.podSpec.serviceAccount ?? 'default';
}

export function policyCoverage(inventory: InventoryView): PolicyCoverage {
  return inventory.cached('network:policy-coverage', () => computeCoverage(inventory));
}

function computeCoverage(inventory: InventoryView): PolicyCoverage {
  const policies = policyModels(inventory);
  const namespaceLabelCache = new Map<string, Record<string, string>>();
  const namespaceLabels = (namespace: string): Record<string, string> => {
    let labels = namespaceLabelCache.get(namespace);
    if (!labels) namespaceLabelCache.set(namespace, (labels = namespaceLabelsOf(inventory, namespace)));
    return labels;
  };

  const namespaced = new Map<string, PolicyModel[]>();
  const clusterWide: PolicyModel[] = [];
  for (const policy of policies) {
    if (policy.namespace === undefined) {
      clusterWide.push(policy);
      continue;
    }
    let list = namespaced.get(policy.namespace);
    if (!list) namespaced.set(policy.namespace, (list = []));
    list.push(policy);
  }

  const endpoints = new Map<Workload, PodEndpoint>();
  const endpointOf = (workload: Workload): PodEndpoint => {
    let endpoint = endpoints.get(workload);
    if (!endpoint) {
      const serviceAccount = serviceAccountOf(workload);
      endpoint = {
        namespace: workload.namespace,
        labels: workload.podMetadata.labels ?? {},
        namespaceLabels: namespaceLabels(workload.namespace),
        serviceAccount,
        serviceAccountLabels:
          inventory.get('ServiceAccount', workload.namespace, serviceAccount)?.metadata?.labels ?? {},
      };
      endpoints.set(workload, endpoint);
    }
    return endpoint;
  };

  const byWorkload = new Map<Workload, Record<Direction, Selection[]>>();
  const byPolicy = new Map<PolicyModel, Workload[]>();
  for (const policy of policies) byPolicy.set(policy, []);
  for (const workload of inventory.workloads()) {
    const selections: Record<Direction, Selection[]> = { Ingress: [], Egress: [] };
    byWorkload.set(workload, selections);
    // NetworkPolicy does not apply to pods in the host network namespace.
    if (isHostNetwork(workload)) continue;
    const endpoint = endpointOf(workload);
    const candidates = [...(namespaced.get(workload.namespace) ?? []), ...clusterWide];
    for (const policy of candidates) {
      if (policy.unsupported || policy.hostOnly) continue;
      let selectedHere = false;
      for (const part of policy.parts) {
        if (!part.selects(endpoint)) continue;
        selectedHere = true;
        for (const direction of DIRECTIONS) {
          if (part.directions.has(direction)) selections[direction].push({ policy, part });
        }
      }
      if (selectedHere) byPolicy.get(policy)?.push(workload);
    }
  }

  return {
    policies,
    selecting: (workload, direction) => byWorkload.get(workload)?.[direction] ?? [],
    selected: (policy) => byPolicy.get(policy) ?? [],
    endpointOf,
    namespaceLabels,
    namespacedPolicies: (namespace) => namespaced.get(namespace) ?? [],
    clusterWidePolicies: clusterWide,
    unsupportedFor: (namespace) =>
      [...(namespaced.get(namespace) ?? []), ...clusterWide].filter((policy) => policy.unsupported !== undefined),
  };
}
