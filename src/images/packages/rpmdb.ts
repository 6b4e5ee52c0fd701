/**
 * RPM distributions (RHEL 9, AlmaLinux, Rocky, Fedora, Amazon Linux 2023): the SQLite rpmdb,
 * table `Packages (hnum, blob)` whose blobs are RPM headers. The Berkeley DB (`Packages`) and
 * NDB (`Packages.db`) formats of older or SUSE images are not read: they are reported as such.
 */
import Database from 'better-sqlite3';
import type { OsRelease } from '../types.js';
import type { InventoryBuilder } from './inventory.js';
import { distroEcosystem, purlDistro, purlNamespace } from './os-release.js';
import { purl } from './purl.js';
import { RPMTAG, RpmHeader } from './rpm-header.js';

export const RPMDB_SQLITE = ['/var/lib/rpm/rpmdb.sqlite', '/usr/lib/sysimage/rpm/rpmdb.sqlite'];
export const RPMDB_UNSUPPORTED = ['/var/lib/rpm/Packages', '/var/lib/rpm/Packages.db', '/usr/lib/sysimage/rpm/Packages.db'];
export const MAX_RPMDB_BYTES = 256 * 1024 * 1024;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** `bash-5.1.8-6.el9_1.src.rpm` → source name `bash`, version-release `5.1.8-6.el9_1`. */
export function parseSourceRpm(sourceRpm: string): { name: string; versionRelease: string } | undefined {
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(sourceRpm);
  return m ? { name: m[1]!, versionRelease: `${m[2]}-${m[3]}` } : undefined;
}

function openDatabase(file: string, buf: Buffer): Database.Database {
  if (buf.length > MAX_RPMDB_BYTES) throw new Error(`${buf.length} bytes exceeds the ${MAX_RPMDB_BYTES}-byte limit`);
  if (buf.length < 100 || !buf.subarray(0, 16).equals(SQLITE_MAGIC)) throw new Error('not an SQLite database');
  // rpm keeps its database in WAL mode (header bytes 18–19 = 2), which an in-memory copy cannot
  // open; images ship it checkpointed, so marking the copy as rollback-journal reads the same data.
  const copy = Buffer.from(buf);
  copy[18] = 1;
  copy[19] = 1;
  let db: Database.Database;
  try {
    db = new Database(copy, { readonly: true });
  } catch (err) {
    throw new Error(`${file}: cannot open as SQLite: ${err instanceof Error ? err.message : String(err)}`);
  }
  // The file comes from the image, so its schema is the image author's: a `Packages` view (a
  // recursive query never ending) or a trigger would run their SQL in our process. Only a plain
  // table is read, whose size the file cap bounds.
  try {
    const kinds = db.prepare("SELECT type FROM sqlite_master WHERE name = 'Packages' OR type IN ('view', 'trigger')").pluck().all() as string[];
    if (kinds.some((kind) => kind !== 'table')) throw new Error('holds views or triggers, which an rpm database does not: not read');
    if (!kinds.includes('table')) throw new Error('has no Packages table');
  } catch (err) {
    db.close();
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return db;
}

export function readRpmdbSqlite(file: string, buf: Buffer, os: OsRelease | undefined, out: InventoryBuilder): void {
  const db = openDatabase(file, buf);
  try {
    const ecosystem = os ? distroEcosystem(os) : 'Red Hat';
    const namespace = purlNamespace(os, 'redhat');
    const distro = purlDistro(os);
    const rows = db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').iterate() as Iterable<{ hnum: unknown; blob: unknown }>;
    for (const row of rows) {
      const where = `${file}#${String(row.hnum)}`;
      out.guard(where, () => {
        if (!Buffer.isBuffer(row.blob)) throw new Error('blob column is not a BLOB');
        const h = RpmHeader.parse(row.blob);
        const name = h.string(RPMTAG.NAME);
        const version = h.string(RPMTAG.VERSION);
        const release = h.string(RPMTAG.RELEASE);
        if (!name || !version || !release) throw new Error('header lacks NAME, VERSION or RELEASE');
        // Imported signing keys are stored as pseudo-packages; they are not software.
        if (name === 'gpg-pubkey') return;
        const epoch = h.int32(RPMTAG.EPOCH);
        const arch = h.string(RPMTAG.ARCH);
        const license = h.string(RPMTAG.LICENSE);
        const epochPrefix = epoch ? `${epoch}:` : '';
        const source = parseSourceRpm(h.string(RPMTAG.SOURCERPM) ?? '');
        out.add({
          name,
          version: `${epochPrefix}${version}-${release}`,
          ecosystem,
          ...(source ? { sourceName: source.name, sourceVersion: `${epochPrefix}${source.versionRelease}` } : {}),
          purl: purl('rpm', namespace, name, `${version}-${release}`, { arch, epoch: epoch ? String(epoch) : undefined, distro }),
          foundIn: file,
          ...(license ? { licenses: [license] } : {}),
        });
      });
    }
  } catch (err) {
    throw new Error(`cannot read table Packages: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    db.close();
  }
}
