/** InventoryView builders for helper tests: AWS data, errors and Kubernetes objects without YAML. */
import type { AwsData, CollectionError, K8sObject } from '../../../model/index.js';
import { InventoryView } from '../../../inventory/index.js';
import { CLUSTER_SOURCE } from './aws-fixtures.js';

export function view(
  aws: AwsData | undefined,
  options: { errors?: CollectionError[]; objects?: K8sObject[]; kubeletConfigs?: Record<string, Record<string, unknown>>; manifests?: boolean } = {},
): InventoryView {
  return new InventoryView({
    source: options.manifests ? { type: 'manifests' } : { type: 'cluster', ...CLUSTER_SOURCE },
    objects: (options.objects ?? []).map((object) => ({ object, origin: { type: 'api', api: 'k8s' } })),
    errors: options.errors ?? [],
    ...(aws ? { aws } : {}),
    ...(options.kubeletConfigs ? { kubeletConfigs: options.kubeletConfigs } : {}),
  });
}

export function node(name: string, labels: Record<string, string> = {}, nodeInfo: Record<string, string> = {}): K8sObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, status: { nodeInfo } };
}
