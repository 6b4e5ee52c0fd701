/**
 * From the files an image's layers left behind to its inventory: the OS release first (it names
 * the distro ecosystem), then every package database, each file guarded so one broken file is
 * an error entry and the rest goes on. The same package found twice (a lockfile and its
 * `node_modules`, two status files) is listed once, where it was first found.
 */
import type { FileTree, ImagePackage, OsRelease } from '../types.js';
import { APK_INSTALLED, readApkInstalled } from './apk.js';
import { isDpkgStatusFile, readDpkgStatus } from './dpkg.js';
import { readGoBinary } from './go-buildinfo.js';
import { InventoryBuilder, decodeUtf8, type PackageInventory } from './inventory.js';
import { isInstalledPackageJson, isPackageLock, readInstalledPackageJson, readPackageLock } from './npm.js';
import { OS_RELEASE_PATHS, parseOsRelease } from './os-release.js';
import { isPythonMetadata, readPythonMetadata } from './python.js';
import { RPMDB_SQLITE, RPMDB_UNSUPPORTED, readRpmdbSqlite } from './rpmdb.js';
import { isExecutableCandidate } from './wanted-files.js';

function readOs(tree: FileTree, out: InventoryBuilder): OsRelease | undefined {
  for (const path of OS_RELEASE_PATHS) {
    const buf = tree.get(path);
    if (!buf) continue;
    let os: OsRelease | undefined;
    out.guard(path, () => {
      os = parseOsRelease(decodeUtf8(buf, path));
      if (!os) throw new Error('no ID field');
    });
    if (os) return os;
  }
  return undefined;
}

export function readPackages(tree: FileTree): PackageInventory {
  const out = new InventoryBuilder();
  const os = readOs(tree, out);
  const hasSqliteRpmdb = RPMDB_SQLITE.some((p) => tree.get(p) !== undefined);
  for (const path of tree.paths()) {
    const buf = tree.get(path);
    if (!buf) continue;
    if (isDpkgStatusFile(path)) out.guard(path, () => readDpkgStatus(path, buf, os, out));
    else if (path === APK_INSTALLED) out.guard(path, () => readApkInstalled(path, buf, os, out));
    else if (RPMDB_SQLITE.includes(path)) out.guard(path, () => readRpmdbSqlite(path, buf, os, out));
    else if (RPMDB_UNSUPPORTED.includes(path)) {
      // Images migrated to SQLite may keep the old file behind; only an image without one loses packages.
      if (!hasSqliteRpmdb) out.error(path, 'Berkeley DB / NDB rpm databases are not supported (only the SQLite rpmdb of RHEL 9, Fedora 33+, Amazon Linux 2023); RPM packages of this image are not listed');
    } else if (isPackageLock(path)) out.guard(path, () => readPackageLock(path, buf, out));
    else if (isInstalledPackageJson(path)) out.guard(path, () => readInstalledPackageJson(path, buf, out));
    else if (isPythonMetadata(path)) out.guard(path, () => readPythonMetadata(path, buf, out));
    else if (isExecutableCandidate(path)) out.guard(path, () => readGoBinary(path, buf, out));
  }
  return { ...(os ? { os } : {}), packages: dedupe(out.packages), errors: out.errors };
}

function dedupe(packages: ImagePackage[]): ImagePackage[] {
  const seen = new Set<string>();
  return packages.filter((p) => {
    // Go binaries are kept per binary: each was built with its own module set and go version.
    const key = p.ecosystem === 'Go' ? `${p.purl}\0${p.foundIn}` : p.purl;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
