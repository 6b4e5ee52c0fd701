import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { InventoryBuilder } from './inventory.js';
import { parseOsRelease } from './os-release.js';
import { RPMTAG, RpmHeader } from './rpm-header.js';
import { parseSourceRpm, readRpmdbSqlite } from './rpmdb.js';
import { buildRpmHeaderBlob, type RpmTagValue } from './test-support/rpm-header-builder.js';

const RHEL9 = parseOsRelease('NAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="9.3"\n')!;
const FILE = '/var/lib/rpm/rpmdb.sqlite';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'eksguard-rpmdb-'));
  dirs.push(d);
  return d;
};

const s = (value: string): RpmTagValue => ({ type: 'string', value });
function header(name: string, version: string, release: string, extra: Record<number, RpmTagValue> = {}): Buffer {
  return buildRpmHeaderBlob({
    [RPMTAG.NAME]: s(name),
    [RPMTAG.VERSION]: s(version),
    [RPMTAG.RELEASE]: s(release),
    1004: { type: 'i18n', value: `${name} summary` },
    [RPMTAG.ARCH]: s('x86_64'),
    ...extra,
  });
}

/** An rpmdb as rpm 4.16+ lays it out: table Packages(hnum, blob), WAL journal mode. */
function sqliteRpmdb(blobs: Buffer[]): Buffer {
  const file = join(tmp(), 'rpmdb.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec("CREATE TABLE IF NOT EXISTS 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL)");
  const insert = db.prepare('INSERT INTO Packages (blob) VALUES (?)');
  for (const b of blobs) insert.run(b);
  db.close();
  return readFileSync(file);
}

function read(buf: Buffer) {
  const out = new InventoryBuilder();
  out.guard(FILE, () => readRpmdbSqlite(FILE, buf, RHEL9, out));
  return out;
}

describe('rpm header blobs', () => {
  it('decodes the tags written to the header structure', () => {
    const h = RpmHeader.parse(header('openssl-libs', '3.0.7', '25.el9_3', { [RPMTAG.EPOCH]: { type: 'int32', value: 1 } }));
    expect([h.string(RPMTAG.NAME), h.string(RPMTAG.VERSION), h.string(RPMTAG.RELEASE), h.int32(RPMTAG.EPOCH), h.string(1004)]).toEqual([
      'openssl-libs',
      '3.0.7',
      '25.el9_3',
      1,
      'openssl-libs summary',
    ]);
  });

  it('refuses truncated and out-of-range headers', () => {
    const good = header('a', '1', '1');
    expect(() => RpmHeader.parse(good.subarray(0, good.length - 3))).toThrow(/blob has/);
    expect(() => RpmHeader.parse(Buffer.from('0001000000000000', 'hex'))).toThrow(/index count/);
    const badOffset = Buffer.from(good);
    badOffset.writeUInt32BE(0x7fffffff, 8 + 8);
    expect(() => RpmHeader.parse(badOffset)).toThrow(/beyond data length/);
  });

  it('splits source rpm file names', () => {
    expect(parseSourceRpm('openssl-3.0.7-25.el9_3.src.rpm')).toEqual({ name: 'openssl', versionRelease: '3.0.7-25.el9_3' });
    expect(parseSourceRpm('python3.11-3.11.5-1.el9.nosrc.rpm')).toEqual({ name: 'python3.11', versionRelease: '3.11.5-1.el9' });
    expect(parseSourceRpm('garbage')).toBeUndefined();
  });
});

describe('SQLite rpmdb', () => {
  it('lists packages from headers built to the spec, skipping gpg-pubkey and reporting a corrupt blob', () => {
    const db = sqliteRpmdb([
      header('openssl-libs', '3.0.7', '25.el9_3', {
        [RPMTAG.EPOCH]: { type: 'int32', value: 1 },
        [RPMTAG.SOURCERPM]: s('openssl-3.0.7-25.el9_3.src.rpm'),
        [RPMTAG.LICENSE]: s('ASL 2.0'),
      }),
      header('bash', '5.1.8', '6.el9_1', { [RPMTAG.SOURCERPM]: s('bash-5.1.8-6.el9_1.src.rpm'), [RPMTAG.LICENSE]: s('GPLv3+') }),
      header('gpg-pubkey', 'fd431d51', '4ae0493b'),
      Buffer.from('this is not an rpm header'),
    ]);
    expect(db[18]).toBe(2);
    const out = read(db);
    expect(out.packages).toEqual([
      {
        name: 'openssl-libs',
        version: '1:3.0.7-25.el9_3',
        ecosystem: 'Red Hat:enterprise_linux:9',
        sourceName: 'openssl',
        sourceVersion: '1:3.0.7-25.el9_3',
        purl: 'pkg:rpm/redhat/openssl-libs@3.0.7-25.el9_3?arch=x86_64&distro=rhel-9.3&epoch=1',
        foundIn: FILE,
        licenses: ['ASL 2.0'],
      },
      expect.objectContaining({ name: 'bash', version: '5.1.8-6.el9_1', sourceName: 'bash', sourceVersion: '5.1.8-6.el9_1' }),
    ]);
    expect(out.errors).toEqual([{ file: `${FILE}#4`, message: expect.stringContaining('header') }]);
  });

  it('reports a file that is not SQLite or lacks the Packages table', () => {
    expect(read(Buffer.alloc(4096, 7)).errors).toEqual([{ file: FILE, message: 'not an SQLite database' }]);
    const file = join(tmp(), 'other.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(read(readFileSync(file)).errors).toEqual([{ file: FILE, message: expect.stringContaining('has no Packages table') }]);
  });

  it('never runs SQL the image brings: a Packages view that would never end is refused, not queried', () => {
    const file = join(tmp(), 'hostile.sqlite');
    const db = new Database(file);
    db.exec(`CREATE VIEW Packages AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS hnum, x'00' AS blob FROM c WHERE x < 0`);
    db.close();
    expect(read(readFileSync(file)).errors).toEqual([{ file: FILE, message: expect.stringContaining('holds views or triggers') }]);
    const withTrigger = join(tmp(), 'trigger.sqlite');
    const other = new Database(withTrigger);
    other.exec('CREATE TABLE Packages (hnum INTEGER, blob BLOB); CREATE TABLE log (x); CREATE TRIGGER t AFTER INSERT ON Packages BEGIN INSERT INTO log VALUES (1); END;');
    other.close();
    expect(read(readFileSync(withTrigger)).errors).toEqual([{ file: FILE, message: expect.stringContaining('holds views or triggers') }]);
  });

  it('agrees with rpm itself on an rpmdb that rpm wrote', () => {
    try {
      execFileSync('rpmbuild', ['--version']);
    } catch {
      throw new Error("rpm and rpmbuild are required for this test: install Debian's `rpm` package (scripts/install-test-peers.sh)");
    }
    const top = tmp();
    const dbpath = join(top, 'db');
    mkdirSync(join(top, 'SPECS'), { recursive: true });
    mkdirSync(dbpath);
    const specs = [
      ['hello-eks', '2', '1.2.3', '4.el9', 'noarch', 'MIT AND Apache-2.0'],
      ['tool-eks', '', '0.9', '1.el9_3', 'x86_64', 'GPL-2.0-or-later'],
    ];
    for (const [name, epoch, version, release, arch, license] of specs) {
      const spec = join(top, 'SPECS', `${name}.spec`);
      writeFileSync(
        spec,
        `Name: ${name}\n${epoch ? `Epoch: ${epoch}\n` : ''}Version: ${version}\nRelease: ${release}\nSummary: test\nLicense: ${license}\nBuildArch: ${arch}\n%description\ntest\n%files\n`,
      );
      execFileSync('rpmbuild', ['--define', `_topdir ${top}`, '--define', 'debug_package %{nil}', '--target', arch!, '-bb', spec], { stdio: 'ignore' });
    }
    const rpms = readdirSync(join(top, 'RPMS'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.rpm'));
    execFileSync('rpm', ['--dbpath', dbpath, '--initdb']);
    execFileSync('rpm', ['--dbpath', dbpath, '-i', '--justdb', '--nodeps', '--ignoreos', '--ignorearch', ...rpms.map((f) => join(top, 'RPMS', f))], { stdio: 'ignore' });
    const expected = execFileSync('rpm', ['--dbpath', dbpath, '-qa', '--qf', '%{NAME} %{EPOCH}:%{VERSION}-%{RELEASE} %{ARCH} %{SOURCERPM} %{LICENSE}\n'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => l.replace('(none):', ''))
      .sort();
    const out = read(readFileSync(join(dbpath, 'rpmdb.sqlite')));
    expect(out.errors).toEqual([]);
    const got = out.packages.map((p) => `${p.name} ${p.version} ${/arch=([^&]+)/.exec(p.purl)![1]} ${p.sourceName}-${p.sourceVersion!.replace(/^\d+:/, '')}.src.rpm ${p.licenses![0]}`).sort();
    expect(got).toEqual(expected);
    expect(got).toHaveLength(2);
  });
});
