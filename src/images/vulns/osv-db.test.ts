import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImagePackage } from '../types.js';
import { MALFORMED, RECORDS } from './fixtures/osv-records.js';
import { buildDatabase, openDatabase } from './osv-db.js';
import { matchPackages } from './osv-match.js';

const work = mkdtempSync(join(tmpdir(), 'eksguard-osv-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function documents(): Array<[string, string]> {
  return [...Object.entries(RECORDS).map(([file, record]): [string, string] => [file, JSON.stringify(record)]), ...Object.entries(MALFORMED).map(([file, m]): [string, string] => [file, m.text])];
}

function writeDir(dir: string): void {
  for (const [file, text] of documents()) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

/** A deflate zip as osv.dev's all.zip: local headers, data, central directory (APPNOTE 4.3). */
function writeZip(file: string, entries: Array<[string, string]>): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(file, Buffer.concat([...locals, directory, end]));
}

const pkg = (name: string, version: string, ecosystem: string, extra: Partial<ImagePackage> = {}): ImagePackage => ({
  name,
  version,
  ecosystem,
  purl: `pkg:generic/${name}@${version}`,
  foundIn: '/test',
  ...extra,
});

const IMAGE: ImagePackage[] = [
  pkg('elliptic', '6.5.3', 'npm'),
  pkg('semver', '6.3.0', 'npm'),
  pkg('semver', '7.5.2', 'npm', { foundIn: '/other' }),
  pkg('libssl3', '3.0.11-1~deb12u1', 'Debian:12', { sourceName: 'openssl' }),
  pkg('libcrypto3', '3.1.3-r0', 'Alpine:v3.18', { sourceName: 'openssl', sourceVersion: '3.1.3-r0' }),
  pkg('requests', '2.30.0', 'PyPI'),
  pkg('flask-cors', '3.0.9', 'PyPI'),
  pkg('golang.org/x/net', 'v0.12.0', 'Go'),
];

describe('buildDatabase', () => {
  it('builds from a directory, skipping withdrawn records and naming malformed files', async () => {
    const dir = join(work, 'dir-source');
    writeDir(dir);
    const result = await buildDatabase({ from: dir, to: join(work, 'db-dir') });
    expect(result.records).toBe(Object.keys(RECORDS).length - 1);
    expect(result.withdrawn).toBe(1);
    expect(result.errors).toBe(3);
    for (const [file, { field }] of Object.entries(MALFORMED)) {
      const error = result.errorSamples.find((e) => e.file.endsWith(file));
      expect(error?.message, file).toContain(field);
    }
    expect(result.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('builds the same database from an osv.dev-style all.zip', async () => {
    const zip = join(work, 'all.zip');
    writeZip(zip, documents().map(([file, text]) => [file.split('/').pop() as string, text]));
    const fromZip = await buildDatabase({ from: zip, to: join(work, 'db-zip') });
    const fromDir = await buildDatabase({ from: join(work, 'dir-source'), to: join(work, 'db-dir') });
    expect(fromZip.records).toBe(fromDir.records);
    expect(fromZip.errors).toBe(3);
    expect(fromZip.errorSamples.map((e) => e.file).join()).toContain('all.zip!not-json.json');
    expect(fromZip.version).toBe(fromDir.version);
  });

  it('refuses a truncated zip with an error instead of a crash', async () => {
    const broken = join(work, 'broken.zip');
    writeFileSync(broken, Buffer.from('PK\u0003\u0004 not really a zip'));
    await expect(buildDatabase({ from: broken, to: join(work, 'db-broken') })).rejects.toThrow();
  });
});

describe('matchPackages', () => {
  it('matches with OSV range semantics, source packages and alias deduplication', () => {
    const db = openDatabase(join(work, 'db-dir'));
    try {
      const matches = matchPackages(db, IMAGE);
      const summary = matches.map((m) => `${m.package.ecosystem} ${m.package.name}@${m.package.version} ${m.id} ${m.severity} [${m.aliases.join(',')}] fixed=${m.fixedVersions.join(',')}`);
      expect(summary).toEqual([
        'Debian:12 libssl3@3.0.11-1~deb12u1 CVE-2023-5363 critical [DEBIAN-CVE-2023-5363,DSA-5532-1] fixed=3.0.11-1~deb12u2',
        'PyPI flask-cors@3.0.9 PYSEC-2021-9999 high [] fixed=',
        'npm elliptic@6.5.3 CVE-2020-28498 medium [GHSA-r9p9-mrjm-926w] fixed=6.5.4',
        'Debian:12 libssl3@3.0.11-1~deb12u1 CVE-2023-5678 medium [DEBIAN-CVE-2023-5678,DSA-5532-1] fixed=3.0.11-1~deb12u2,3.0.13-1~deb12u1',
        'PyPI requests@2.30.0 CVE-2023-32681 medium [GHSA-j8r2-6x86-q33q,PYSEC-2023-74] fixed=',
        'npm semver@6.3.0 CVE-2022-25883 medium [GHSA-c2qf-rxjj-qqgw] fixed=6.3.1',
        'Go golang.org/x/net@v0.12.0 CVE-2023-3978 info [GHSA-2wrh-6pvc-2jm9,GO-2023-1988] fixed=0.13.0',
        'Alpine:v3.18 libcrypto3@3.1.3-r0 CVE-2023-5678 info [ALPINE-CVE-2023-5678] fixed=3.1.4-r1',
      ]);
      const elliptic = matches.find((m) => m.package.name === 'elliptic');
      expect(elliptic?.cvss).toBeUndefined(); // GHSA label wins over the vector
      expect(elliptic?.summary).toBe('Use of a Broken or Risky Cryptographic Algorithm');
      expect(matches.find((m) => m.id === 'CVE-2023-5363')?.cvss).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N');
    } finally {
      db.close();
    }
  });

  it('leaves fixed, out-of-range and later versions alone', () => {
    const db = openDatabase(join(work, 'db-dir'));
    try {
      const clean = [
        pkg('elliptic', '6.5.4', 'npm'),
        pkg('semver', '6.3.1', 'npm'),
        pkg('semver', '5.7.2', 'npm'),
        pkg('requests', '2.31.0', 'PyPI'),
        pkg('requests', '2.2.1', 'PyPI'),
        pkg('flask-cors', '3.0.10', 'PyPI'),
        pkg('libssl3', '3.0.13-1~deb12u1', 'Debian:12', { sourceName: 'openssl' }),
        pkg('openssl', '3.0.11-1~deb12u1', 'Debian:11'),
        pkg('golang.org/x/net', 'v0.13.0', 'Go'),
      ];
      expect(matchPackages(db, clean)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
