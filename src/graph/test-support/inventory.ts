/** Inventories for graph tests: manifests as YAML, optionally with AWS data and image scan results as collected. */
import { loadManifestText } from '../../collect/files/index.js';
import { InventoryView } from '../../inventory/index.js';
import type { AwsData, ImageAssessments, Inventory, K8sObject } from '../../model/index.js';
import { CLUSTER_SOURCE } from '../../checks/identity/test-support/aws-fixtures.js';

export function graphInventory(yaml: string, aws?: AwsData, images?: ImageAssessments): InventoryView {
  const loaded = loadManifestText(yaml, 'test.yaml');
  if (loaded.errors.length > 0) throw new Error(`bad test input: ${JSON.stringify(loaded.errors)}`);
  const source: Inventory['source'] = aws ? { type: 'cluster', ...CLUSTER_SOURCE } : { type: 'manifests' };
  const inventory: Inventory = { source, objects: loaded.objects, errors: [] };
  if (aws) inventory.aws = aws;
  if (images) inventory.images = images;
  return new InventoryView(inventory, loaded.sources);
}

/** Objects as a cluster read returns them (no file positions). */
export function inventoryOf(objects: readonly K8sObject[]): InventoryView {
  return new InventoryView({
    source: { type: 'cluster' },
    objects: objects.map((object) => ({ object, origin: { type: 'api', api: 'k8s' } })),
    errors: [],
  });
}
