/** An InventoryView from manifests and AWS data, for the helper tests of this area. */
import { loadManifestText } from '../../../collect/files/index.js';
import { InventoryView } from '../../../inventory/index.js';
import type { AwsData, CollectionError, Inventory } from '../../../model/index.js';
import { CLUSTER_SOURCE } from './aws-fixtures.js';

export function inventoryOf(parts: { yaml?: string; aws?: AwsData; source?: Partial<Inventory['source']>; errors?: CollectionError[] } = {}): InventoryView {
  const loaded = loadManifestText(parts.yaml ?? '', 'test.yaml');
  if (loaded.errors.length > 0) throw new Error(`bad test input: ${JSON.stringify(loaded.errors)}`);
  const inventory: Inventory = {
    source: { type: 'manifests', ...(parts.source ?? CLUSTER_SOURCE) },
    objects: loaded.objects,
    errors: parts.errors ?? [],
  };
  if (parts.aws) inventory.aws = parts.aws;
  return new InventoryView(inventory, loaded.sources);
}
