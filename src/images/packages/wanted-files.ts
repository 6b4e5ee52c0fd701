/**
 * The predicate the layer extractor asks for every file of every layer: keep only what a
 * package reader reads, within a size cap per kind, so a 300 MB image costs a few MB of memory.
 */
import type { WantedFile } from '../types.js';
import { APK_INSTALLED } from './apk.js';
import { isDpkgStatusFile } from './dpkg.js';
import { MAX_TEXT_DB_BYTES } from './inventory.js';
import { isInstalledPackageJson, isPackageLock } from './npm.js';
import { OS_RELEASE_PATHS } from './os-release.js';
import { isPythonMetadata } from './python.js';
import { MAX_RPMDB_BYTES, RPMDB_SQLITE, RPMDB_UNSUPPORTED } from './rpmdb.js';

const KB = 1024;
const MB = 1024 * KB;

/** Go binaries below 1 MB do not exist (a hello world is ~1.5 MB); the cap bounds memory. */
export const GO_BINARY_MIN_BYTES = 1 * MB;
export const GO_BINARY_MAX_BYTES = 200 * MB;

/** Directories whose direct children are executables in container images. */
const BIN_DIRS = ['/bin/', '/sbin/', '/usr/bin/', '/usr/sbin/', '/usr/local/bin/', '/usr/local/sbin/', '/ko-app/', '/app/', '/app/bin/'];

export function isExecutableCandidate(path: string): boolean {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const base = path.slice(slash + 1);
  if (!base || base.startsWith('.')) return false;
  if (BIN_DIRS.includes(dir)) return true;
  // `/manager`, `/coredns`: single binaries at the root of distroless images, and `/opt/<x>/bin/`.
  if (dir === '/') return !base.includes('.');
  return /^\/opt\/[^/]+\/bin\/$/.test(dir);
}

export const WANTED_FILES: WantedFile = (path, size) => {
  if ((OS_RELEASE_PATHS as readonly string[]).includes(path)) return size <= 64 * KB;
  if (isDpkgStatusFile(path) || path === APK_INSTALLED) return size <= MAX_TEXT_DB_BYTES;
  if (RPMDB_SQLITE.includes(path)) return size <= MAX_RPMDB_BYTES;
  // Only their presence matters (to report the format as unsupported), but the extractor keeps
  // what it is given, so the same cap applies.
  if (RPMDB_UNSUPPORTED.includes(path)) return size <= MAX_RPMDB_BYTES;
  if (isPackageLock(path)) return size <= MAX_TEXT_DB_BYTES;
  if (isInstalledPackageJson(path)) return size <= 1 * MB;
  if (isPythonMetadata(path)) return size <= 4 * MB;
  if (isExecutableCandidate(path)) return size >= GO_BINARY_MIN_BYTES && size <= GO_BINARY_MAX_BYTES;
  return false;
};
