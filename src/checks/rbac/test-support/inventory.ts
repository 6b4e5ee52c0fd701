/** Builds an InventoryView from a YAML stream for the helper tests of this area. */
import { loadManifestText } from '../../../collect/files/index.js';
import { InventoryView } from '../../../inventory/index.js';
import type { Inventory } from '../../../model/index.js';

export function inventoryOf(yaml: string, source: Partial<Inventory['source']> = {}): InventoryView {
  const loaded = loadManifestText(yaml, 'test.yaml');
  if (loaded.errors.length > 0) throw new Error(`bad test input: ${JSON.stringify(loaded.errors)}`);
  return new InventoryView({ source: { type: 'manifests', ...source }, objects: loaded.objects, errors: [] }, loaded.sources);
}
