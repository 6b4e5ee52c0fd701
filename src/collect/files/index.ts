export { emptyLoad, loadManifestBytes, loadManifestText, MAX_OBJECT_BYTES, type LoadedManifests } from './load-manifests.js';
export { SourceMap } from './manifest-source.js';
export { loadManifestPaths, type ReadOptions, type SkippedPath } from './read-paths.js';
