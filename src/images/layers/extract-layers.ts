/**
 * An image's layers streamed in order from any `ImageSource` and applied onto one tree. Wanted
 * symlinks whose targets sit in an earlier layer (or were not wanted) are only known once every
 * layer is read; then one more pass fetches just those targets.
 */
import type { ImageSource } from '../registry/image-source.js';
import type { Descriptor } from '../registry/manifest.js';
import type { WantedFile } from '../types.js';
import { applyLayer, DEFAULT_LIMITS, type ExtractLimits, type ExtractState } from './apply-layer.js';
import { decompressLayer } from './decompress.js';
import { MemoryFileTree } from './file-tree.js';

export interface ExtractedFiles {
  files: MemoryFileTree;
  warnings: string[];
}

async function onePass(source: ImageSource, layers: Descriptor[], wanted: WantedFile, limits: ExtractLimits, linkTargets: Set<string>): Promise<ExtractState & { tree: MemoryFileTree }> {
  const tree = new MemoryFileTree();
  const state: ExtractState = { extractedBytes: 0, warnings: [], linkTargets };
  for (const [i, layer] of layers.entries()) {
    const where = `${source.description} layer ${i + 1}/${layers.length} (${layer.digest.slice(0, 19)})`;
    const blob = await source.blob(layer);
    const { tar } = await decompressLayer(blob, limits.maxLayerBytes, where);
    await applyLayer(tar, tree, wanted, state, limits, where);
  }
  return { ...state, tree };
}

export async function extractLayers(source: ImageSource, layers: Descriptor[], wanted: WantedFile, limits: Partial<ExtractLimits> = {}): Promise<ExtractedFiles> {
  const full: ExtractLimits = { ...DEFAULT_LIMITS, ...limits };
  const first = await onePass(source, layers, wanted, full, new Set());
  const missing = [...first.linkTargets].filter((target) => !first.tree.get(target));
  if (missing.length === 0) return { files: first.tree, warnings: first.warnings };
  const second = await onePass(source, layers, wanted, full, new Set(first.linkTargets));
  return { files: second.tree, warnings: second.warnings };
}
