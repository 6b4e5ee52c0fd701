export { extractLayers, type ExtractedFiles } from './extract-layers.js';
export { DEFAULT_LIMITS, type ExtractLimits } from './apply-layer.js';
export { MemoryFileTree, normalisePath } from './file-tree.js';
export { decompressLayer, sniffCompression, type Compression } from './decompress.js';
