/**
 * Debian and Ubuntu: the dpkg status database (`/var/lib/dpkg/status`) and the one-file-per-
 * package `status.d/` directory that distroless images use instead (its stanzas carry no
 * `Status:` field: every file there is an installed package).
 */
import type { ImagePackage, OsRelease } from '../types.js';
import { parseStanzas } from './control-stanzas.js';
import { decodeUtf8, type InventoryBuilder } from './inventory.js';
import { distroEcosystem, purlDistro, purlNamespace } from './os-release.js';
import { purl } from './purl.js';

export const DPKG_STATUS = '/var/lib/dpkg/status';
export const DPKG_STATUS_DIR = '/var/lib/dpkg/status.d/';

/** status.d holds `<pkg>` stanzas beside `<pkg>.md5sums` (and, in some images, `.list`) files. */
export function isDpkgStatusFile(path: string): boolean {
  if (path === DPKG_STATUS) return true;
  if (!path.startsWith(DPKG_STATUS_DIR)) return false;
  const name = path.slice(DPKG_STATUS_DIR.length);
  return name.length > 0 && !name.includes('/') && !/\.(md5sums|list|conffiles)$/.test(name);
}

/** `Source: name (version)` or `Source: name`: the source package advisories are written against. */
function parseSource(source: string | undefined, name: string, version: string): { sourceName: string; sourceVersion: string } {
  if (!source) return { sourceName: name, sourceVersion: version };
  const m = /^(\S+)(?:\s+\((\S+)\))?$/.exec(source.trim());
  if (!m) throw new Error(`malformed Source field ${JSON.stringify(source)}`);
  return { sourceName: m[1]!, sourceVersion: m[2] ?? version };
}

export function readDpkgStatus(file: string, buf: Buffer, os: OsRelease | undefined, out: InventoryBuilder): void {
  const { stanzas, problems } = parseStanzas(decodeUtf8(buf, file));
  for (const p of problems) out.error(`${file}:${p.line}`, p.message);
  const requireStatus = file === DPKG_STATUS;
  const ecosystem = os ? distroEcosystem(os) : 'Debian';
  const namespace = purlNamespace(os, 'debian');
  const distro = purlDistro(os);
  for (const stanza of stanzas) {
    const where = `${file}:${stanza.line}`;
    const f = stanza.fields;
    const status = f.get('Status');
    if (status !== undefined ? status.split(/\s+/)[2] !== 'installed' : requireStatus) continue;
    const name = f.get('Package');
    const version = f.get('Version');
    if (!name || !/^[a-z0-9][a-z0-9+.-]*$/.test(name)) {
      out.error(where, `missing or invalid Package field ${JSON.stringify(name ?? '')}`);
      continue;
    }
    if (!version || /\s/.test(version)) {
      out.error(where, `package ${name}: missing or invalid Version field`);
      continue;
    }
    out.guard(where, () => {
      const arch = f.get('Architecture');
      const pkg: ImagePackage = {
        name,
        version,
        ecosystem,
        ...parseSource(f.get('Source'), name, version),
        purl: purl('deb', namespace, name, version, { arch, distro }),
        foundIn: file,
      };
      out.add(pkg);
    });
  }
}
