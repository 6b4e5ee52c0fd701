/** Manifests for reachability tests: namespaces, workloads and policies written as objects. */
import { dump } from 'js-yaml';
import type { AwsData } from '../../../model/index.js';
import type { InventoryView, Workload } from '../../../inventory/index.js';
import { graphInventory } from '../../test-support/inventory.js';

type Obj = Record<string, unknown>;

export function namespace(name: string, labels: Record<string, string> = {}): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export interface WorkloadOptions {
  labels?: Record<string, string>;
  /** Container ports: `{ name?, containerPort, protocol? }`. */
  ports?: Obj[];
  hostNetwork?: boolean;
}

export function deployment(ns: string, name: string, options: WorkloadOptions = {}): Obj {
  const labels = options.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          ...(options.hostNetwork ? { hostNetwork: true } : {}),
          containers: [{ name: 'main', image: 'nginx:1.27', ...(options.ports ? { ports: options.ports } : {}) }],
        },
      },
    },
  };
}

export function netpol(ns: string, name: string, spec: Obj): Obj {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

export function inventory(...objects: Obj[]): InventoryView {
  return graphInventory(objects.map((object) => dump(object, { noRefs: true })).join('---\n'));
}

/** The objects, with AWS data (VPC subnets, for ipBlocks that match pod addresses). */
export function inventoryWithAws(aws: AwsData, ...objects: Obj[]): InventoryView {
  return graphInventory(objects.map((object) => dump(object, { noRefs: true })).join('---\n'), aws);
}

/** The workload `namespace/name`. */
export function workload(view: InventoryView, ref: string): Workload {
  const [ns, name] = ref.split('/');
  const found = view.workloads().find((candidate) => candidate.namespace === ns && candidate.resource.name === name);
  if (!found) throw new Error(`no workload ${ref}`);
  return found;
}
