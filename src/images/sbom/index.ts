/** Software bills of materials of a scanned image: CycloneDX 1.6 and SPDX 2.3, both JSON. */
export { renderCycloneDx } from './cyclonedx.js';
export { renderSpdx } from './spdx.js';
export type { SbomOptions } from './sbom-options.js';
