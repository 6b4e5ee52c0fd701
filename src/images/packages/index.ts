/** Package inventories of an image's files: OS release, distro packages, language packages. */
export { readPackages } from './read-packages.js';
export { WANTED_FILES } from './wanted-files.js';
export type { PackageInventory, PackageReadError } from './inventory.js';
export { distroEcosystem, hasOsvData, parseOsRelease } from './os-release.js';
export { readGoBuildInfo, type GoBuildInfo, type GoModule } from './go-buildinfo.js';
