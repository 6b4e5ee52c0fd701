/**
 * npm: `package-lock.json` (lockfileVersion 1: nested `dependencies`; 2 and 3: flat `packages`
 * keyed by install path) and the `package.json` of each installed `node_modules` package.
 * Dev-only lockfile entries are left out: what an image runs is what is installed, and an
 * installed dev package is still found through its own `node_modules/…/package.json`.
 */
import type { InventoryBuilder } from './inventory.js';
import { decodeUtf8 } from './inventory.js';
import { purl } from './purl.js';

const MAX_LOCK_DEPTH = 64;

export function isPackageLock(path: string): boolean {
  return path.endsWith('/package-lock.json') && !path.includes('/node_modules/');
}

/** `…/node_modules/name/package.json` or `…/node_modules/@scope/name/package.json`, nothing deeper. */
export function isInstalledPackageJson(path: string): boolean {
  return /\/node_modules\/(?:@[^/]+\/)?[^/@][^/]*\/package\.json$/.test(path);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function addNpm(out: InventoryBuilder, name: string, version: string, foundIn: string, license?: unknown): void {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  const [namespace, bare] = slash > 0 ? [name.slice(0, slash), name.slice(slash + 1)] : [undefined, name];
  out.add({
    name,
    version,
    ecosystem: 'npm',
    purl: purl('npm', namespace, bare, version),
    foundIn,
    ...(typeof license === 'string' && license ? { licenses: [license] } : {}),
  });
}

const validName = (name: string): boolean => /^(?:@[^/\s]+\/)?[^/\s@][^/\s]*$/.test(name) && name.length <= 214;
const validVersion = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256 && !/\s/.test(v);

function parseJson(file: string, buf: Buffer): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(decodeUtf8(buf, file));
  } catch (err) {
    throw new Error(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isRecord(doc)) throw new Error('not a JSON object');
  return doc;
}

export function readPackageLock(file: string, buf: Buffer, out: InventoryBuilder): void {
  const doc = parseJson(file, buf);
  const lockfileVersion = doc.lockfileVersion;
  if (isRecord(doc.packages) && (lockfileVersion === 2 || lockfileVersion === 3)) {
    readFlat(file, doc.packages, out);
  } else if (isRecord(doc.dependencies) && (lockfileVersion === 1 || lockfileVersion === undefined)) {
    readNested(file, doc.dependencies, out, 0);
  } else if (doc.packages === undefined && doc.dependencies === undefined) {
    return;
  } else {
    throw new Error(`unsupported lockfileVersion ${JSON.stringify(lockfileVersion)}`);
  }
}

/** v2/v3: keys are install paths; the package name is what follows the last `node_modules/`. */
function readFlat(file: string, packages: Record<string, unknown>, out: InventoryBuilder): void {
  for (const [key, entry] of Object.entries(packages)) {
    const cut = key.lastIndexOf('node_modules/');
    // "" is the project itself; keys without node_modules/ are workspace sources, not installs.
    if (cut < 0 || !isRecord(entry)) continue;
    if (entry.link === true || entry.dev === true) continue;
    const name = typeof entry.name === 'string' ? entry.name : key.slice(cut + 'node_modules/'.length);
    if (!validName(name) || !validVersion(entry.version)) {
      out.error(`${file}#${key}`, 'entry without a valid name and version');
      continue;
    }
    addNpm(out, name, entry.version, file, entry.license);
  }
}

/** v1 version specifiers of deps that do not come from the registry: nothing to match or name. */
const NOT_REGISTRY = /^(?:github:|gitlab:|bitbucket:|git\+|git:|file:|link:|https?:)/;

/**
 * A v1 entry's registry package: `version` is the version, or `npm:<real name>@<version>` for an
 * alias (installed under the alias, but the code is the real package's).
 */
function nestedPackage(name: string, version: string): { name: string; version: string } {
  if (!version.startsWith('npm:')) return { name, version };
  const spec = version.slice('npm:'.length);
  const at = spec.lastIndexOf('@');
  return at > 0 ? { name: spec.slice(0, at), version: spec.slice(at + 1) } : { name: '', version: '' };
}

/** v1: `dependencies` nest by where npm placed them; versions of git, file and URL deps are URLs. */
function readNested(file: string, deps: Record<string, unknown>, out: InventoryBuilder, depth: number): void {
  if (depth > MAX_LOCK_DEPTH) throw new Error(`dependencies nested deeper than ${MAX_LOCK_DEPTH}`);
  for (const [key, entry] of Object.entries(deps)) {
    if (!isRecord(entry)) continue;
    if (entry.dev !== true && !(typeof entry.version === 'string' && NOT_REGISTRY.test(entry.version))) {
      const { name, version } = typeof entry.version === 'string' ? nestedPackage(key, entry.version) : { name: key, version: entry.version };
      if (validName(name) && validVersion(version)) addNpm(out, name, version, file);
      else out.error(`${file}#${key}`, 'entry without a valid name and version');
    }
    if (isRecord(entry.dependencies)) readNested(file, entry.dependencies, out, depth + 1);
  }
}

export function readInstalledPackageJson(file: string, buf: Buffer, out: InventoryBuilder): void {
  const doc = parseJson(file, buf);
  const { name, version } = doc;
  // Test fixtures and templates inside packages sometimes lack either: not an installed package.
  if (name === undefined && version === undefined) return;
  if (typeof name !== 'string' || !validName(name) || !validVersion(version)) throw new Error('package.json without a valid name and version');
  addNpm(out, name, version, file, doc.license);
}
