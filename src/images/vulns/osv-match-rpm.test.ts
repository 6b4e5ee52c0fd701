import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImagePackage } from '../types.js';
import { buildDatabase, openDatabase, type OsvDatabase } from './osv-db.js';
import { matchPackages } from './osv-match.js';

/**
 * Records in the shapes Red Hat and AlmaLinux publish to OSV: Red Hat names the repository in
 * the ecosystem (`…::baseos`) and the binary RPM; AlmaLinux names binary RPMs too.
 */
const RECORDS: Record<string, unknown> = {
  'Red Hat/RHSA-2024:0001.json': {
    schema_version: '1.6.0',
    id: 'RHSA-2024:0001',
    modified: '2024-01-03T00:00:00Z',
    published: '2024-01-02T00:00:00Z',
    summary: 'Moderate: openssl security update',
    related: ['CVE-2023-5678'],
    affected: [
      {
        package: { ecosystem: 'Red Hat:enterprise_linux:9::baseos', name: 'openssl-libs', purl: 'pkg:rpm/redhat/openssl-libs?distro=enterprise_linux:9::baseos' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:3.0.7-25.el9_3' }] }],
      },
    ],
    database_specific: { severity: 'Moderate' },
    references: [{ type: 'ADVISORY', url: 'https://access.redhat.com/errata/RHSA-2024:0001' }],
  },
  'AlmaLinux/ALSA-2024:3347.json': {
    schema_version: '1.6.0',
    id: 'ALSA-2024:3347',
    modified: '2024-06-01T00:00:00Z',
    summary: 'Moderate: python3.9 security update',
    related: ['CVE-2023-6597'],
    affected: [{ package: { ecosystem: 'AlmaLinux:9', name: 'python3' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.9.18-3.el9_4' }] }] }],
    references: [{ type: 'ADVISORY', url: 'https://errata.almalinux.org/9/ALSA-2024-3347.html' }],
  },
  // Two copies of one record, the later one written with an offset that sorts higher as text
  // but is three hours older: the newer copy (fix 2.0.0) must be kept.
  'npm/GHSA-copies.json': [
    {
      id: 'GHSA-aaaa-bbbb-cccc',
      modified: '2024-03-01T10:00:00Z',
      affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }] }],
    },
    {
      id: 'GHSA-aaaa-bbbb-cccc',
      modified: '2024-03-01T12:00:00+05:00',
      affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }] }],
    },
  ],
  // Overlapping ranges in one entry: 1.5 is in both, so only 2.0 fixes it.
  'PyPI/PYSEC-overlap.json': {
    id: 'PYSEC-2024-0001',
    modified: '2024-01-01T00:00:00Z',
    affected: [
      {
        package: { ecosystem: 'PyPI', name: 'overlap' },
        ranges: [
          { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0' }] },
          { type: 'ECOSYSTEM', events: [{ introduced: '1.0' }, { fixed: '1.8' }] },
        ],
      },
    ],
  },
};

const pkg = (name: string, version: string, ecosystem: string, extra: Partial<ImagePackage> = {}): ImagePackage => ({
  name,
  version,
  ecosystem,
  purl: `pkg:generic/${name}@${version}`,
  foundIn: '/test',
  ...extra,
});

const work = mkdtempSync(join(tmpdir(), 'eksguard-osv-rpm-'));
let db: OsvDatabase;
beforeAll(async () => {
  const dir = join(work, 'src');
  for (const [file, record] of Object.entries(RECORDS)) {
    mkdirSync(join(dir, file.split('/')[0] as string), { recursive: true });
    writeFileSync(join(dir, file), JSON.stringify(record));
  }
  const result = await buildDatabase({ from: dir, to: join(work, 'db') });
  expect(result.errors).toBe(0);
  db = openDatabase(join(work, 'db'));
});
afterAll(() => {
  db?.close();
  rmSync(work, { recursive: true, force: true });
});

const ids = (packages: ImagePackage[]): string[] => matchPackages(db, packages).map((m) => `${m.id} ${m.package.name} fixed=${m.fixedVersions.join(',')}`);

describe('matchPackages on RPM distros', () => {
  it('matches a RHEL package against records of its product in any repository', () => {
    const openssl = pkg('openssl-libs', '1:3.0.7-24.el9', 'Red Hat:enterprise_linux:9', { sourceName: 'openssl', sourceVersion: '1:3.0.7-24.el9' });
    expect(ids([openssl])).toEqual(['RHSA-2024:0001 openssl-libs fixed=1:3.0.7-25.el9_3']);
    expect(ids([{ ...openssl, version: '1:3.0.7-25.el9_3', sourceVersion: '1:3.0.7-25.el9_3' }])).toEqual([]);
    // Another product (an EUS stream) is not a prefix match.
    expect(ids([{ ...openssl, ecosystem: 'Red Hat:enterprise_linux:8' }])).toEqual([]);
  });

  it('looks AlmaLinux packages up by binary name as well as source name', () => {
    const python = pkg('python3', '3.9.18-1.el9', 'AlmaLinux:9', { sourceName: 'python3.9' });
    expect(ids([python])).toEqual(['ALSA-2024:3347 python3 fixed=3.9.18-3.el9_4']);
    expect(ids([{ ...python, ecosystem: 'Rocky Linux:9' }])).toEqual([]);
  });

  it('reports the fix that clears every overlapping range the version is in', () => {
    expect(ids([pkg('overlap', '1.5', 'PyPI')])).toEqual(['PYSEC-2024-0001 overlap fixed=2.0']);
    expect(ids([pkg('overlap', '1.9', 'PyPI')])).toEqual(['PYSEC-2024-0001 overlap fixed=2.0']);
  });

  it('keeps the most recently modified copy of a record, comparing dates not text', () => {
    expect(ids([pkg('left-pad', '1.5.0', 'npm')])).toEqual(['GHSA-aaaa-bbbb-cccc left-pad fixed=2.0.0']);
  });
});
