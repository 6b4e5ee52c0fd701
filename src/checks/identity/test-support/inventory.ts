/** An InventoryView over AWS data, manifests and collection errors, for the helper tests of this area. */
import { loadManifestText } from '../../../collect/files/index.js';
import { InventoryView } from '../../../inventory/index.js';
import type { AwsData, CollectionError } from '../../../model/index.js';
import { CLUSTER_SOURCE } from './aws-fixtures.js';

export function awsInventory(aws: AwsData, options: { yaml?: string; errors?: CollectionError[] } = {}): InventoryView {
  const loaded = loadManifestText(options.yaml ?? '', 'test.yaml');
  if (loaded.errors.length > 0) throw new Error(`bad test input: ${JSON.stringify(loaded.errors)}`);
  return new InventoryView(
    { source: { type: 'cluster', ...CLUSTER_SOURCE }, objects: loaded.objects, aws, errors: options.errors ?? [] },
    loaded.sources,
  );
}
