/** An in-memory FileTree for reader tests: what the layer extractor would hand over. */
import type { FileTree } from '../../types.js';

export function fileTree(files: Record<string, Buffer | string>): FileTree {
  const map = new Map(Object.entries(files).map(([p, c]) => [p, Buffer.isBuffer(c) ? c : Buffer.from(c, 'utf8')]));
  return {
    get: (path) => map.get(path),
    paths: () => [...map.keys()].sort(),
  };
}
