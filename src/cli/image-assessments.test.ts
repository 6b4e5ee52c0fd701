// `assessImages` on OCI layouts on disk (no registry needed): grouping by digest, one scan per
// digest, faults recorded per image, and feed text made fit for the snapshot's images section.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../model/index.js';
import { readImageAssessments } from '../inventory/snapshot-images.js';
import { buildDatabase, openDatabase, type OsvDatabase } from '../images/vulns/index.js';
import { buildImage, writeOciLayout } from '../../test/peers/images.js';
import { assessImages, imageReferences, signatureOf } from './image-assessments.js';

let work: string;
let db: OsvDatabase;

const STATUS = `Package: libexpat1
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 410
Maintainer: Laszlo Boszormenyi (GCS) <gcs@debian.org>
Architecture: amd64
Multi-Arch: same
Source: expat
Version: 2.5.0-1
Depends: libc6 (>= 2.25)
Description: XML parsing C library - runtime library
 This package contains the runtime, shared library of expat.
`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'eksguard-assess-'));
  const image = await buildImage([[{ path: 'etc/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n' }, { path: 'var/lib/dpkg/status', content: STATUS }]]);
  await writeOciLayout(join(work, 'a'), 'v1', [image]);
  await writeOciLayout(join(work, 'b'), 'v2', [image]);
  await mkdir(join(work, 'osv'), { recursive: true });
  // A record as a hostile or sloppy feed may write it: a summary with terminal escapes and newlines.
  await writeFile(
    join(work, 'osv', 'DEBIAN-CVE-2024-45492.json'),
    JSON.stringify({
      schema_version: '1.6.0',
      id: 'DEBIAN-CVE-2024-45492',
      modified: '2024-09-05T00:00:00Z',
      upstream: ['CVE-2024-45492'],
      summary: 'expat: integer overflow\u001b[31m in nextScaffoldPart\nsecond line',
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      affected: [{ package: { name: 'expat', ecosystem: 'Debian:12' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.5.0-1+deb12u1' }] }] }],
    }),
  );
  await buildDatabase({ from: join(work, 'osv'), to: join(work, 'db') });
  db = openDatabase(join(work, 'db'));
});

afterAll(async () => {
  db?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('imageReferences', () => {
  it('lists the images of every container list of every workload kind, once, sorted', () => {
    const pod = (containers: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' }, spec: containers });
    const inventory: Pick<Inventory, 'objects'> = {
      objects: [
        { object: pod({ containers: [{ name: 'a', image: 'nginx:1.27' }], initContainers: [{ name: 'i', image: 'busybox' }], ephemeralContainers: [{ name: 'd', image: ' alpine ' }] }), origin: { type: 'api', api: 'k8s' } },
        {
          object: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.27' }, { name: 'x' }] } } } } } },
          origin: { type: 'api', api: 'k8s' },
        },
        { object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { image: 'not-a-container' } }, origin: { type: 'api', api: 'k8s' } },
      ],
    };
    expect(imageReferences(inventory)).toEqual(['alpine', 'busybox', 'nginx:1.27']);
  });
});

describe('assessImages', () => {
  it('scans a digest once for all its references, records faults per image, and writes only what the snapshot reader accepts', async () => {
    const scanned: string[] = [];
    const references = [`oci:${join(work, 'a')}:v1`, `oci:${join(work, 'b')}:v2`, `oci:${join(work, 'missing')}:v1`];
    const images = await assessImages(references, { registry: {}, db, concurrency: 2, onScanned: (scan) => scanned.push(scan.digest) });

    expect(scanned).toHaveLength(1);
    expect(images).toMatchObject({ version: 1, minSeverity: 'info', database: { version: db.version } });
    expect(images.signatures).toBeUndefined();
    const [read, unread] = images.images;
    expect(read).toMatchObject({ digest: scanned[0], references: references.slice(0, 2), os: 'Debian GNU/Linux 12 (bookworm)', packageCount: 1 });
    expect(read!.vulnerabilities).toEqual([
      { id: 'CVE-2024-45492', aliases: expect.any(Array), severity: 'critical', package: 'libexpat1', installedVersion: '2.5.0-1', fixedVersions: ['2.5.0-1+deb12u1'], summary: 'expat: integer overflow [31m in nextScaffoldPart second line' },
    ]);
    expect(unread).toEqual({ references: [references[2]], packageCount: 0, vulnerabilities: [], error: expect.stringContaining('missing') });

    // What the snapshot reader makes of it: the same, with no error.
    const reread = readImageAssessments(JSON.parse(JSON.stringify(images)));
    expect(reread.errors).toEqual([]);
    expect(reread.images?.images).toEqual(images.images);
  });

  it('records a signature fault rather than a verdict when the image is not in a registry', async () => {
    const images = await assessImages([`oci:${join(work, 'a')}:v1`], { registry: {}, signatures: { policy: { keys: [] }, keys: ['cosign.pub'], identities: [] } });
    expect(images.signatures).toEqual({ keys: ['cosign.pub'], identities: [] });
    expect(images.database).toBeUndefined();
    expect(images.images[0]!.signature).toEqual({ verified: false, signers: [], error: expect.stringContaining('signatures are read from registries only') });
  });
});

describe('signatureOf', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  it('calls an image signed by a key nobody trusts signed, by an unknown key, not unsigned', () => {
    const result = signatureOf([
      {
        digest,
        verified: false,
        signatures: [{ kind: 'cosign', source: 'tag sha256-….sig', verified: false, reason: 'signature does not verify under any trusted key' }],
        attestations: [],
        errors: [],
      },
    ]);
    expect(result).toMatchObject({ verified: false, signers: ['an unknown key (cosign)'] });
  });

  it('names only the trusted signers of a verified image, and nobody for an unsigned one', () => {
    const verified = signatureOf([
      {
        digest,
        verified: true,
        signatures: [
          { kind: 'cosign', source: 'a', verified: true, keyId: 'SHA256:trusted' },
          { kind: 'cosign', source: 'b', verified: false },
        ],
        attestations: [],
        errors: [],
      },
    ]);
    expect(verified).toEqual({ verified: true, signers: ['SHA256:trusted'] });
    expect(signatureOf([{ digest, verified: false, signatures: [], attestations: [], errors: [], reason: 'no signature' }])).toMatchObject({ verified: false, signers: [], reason: 'no signature' });
  });
});

describe('coverage gaps', () => {
  it('records that an Amazon Linux image\'s OS packages could not be matched, and keeps it through the snapshot', async () => {
    const amazon = await buildImage([[{ path: 'etc/os-release', content: 'NAME="Amazon Linux"\nVERSION="2023"\nID="amzn"\nVERSION_ID="2023"\nPRETTY_NAME="Amazon Linux 2023"\n' }]]);
    await writeOciLayout(join(work, 'amzn'), 'v1', [amazon]);
    const assessed = await assessImages([`oci:${join(work, 'amzn')}:v1`], { registry: {}, db });
    expect(assessed.images[0]?.gaps).toEqual(['Amazon Linux 2023 has no vulnerability data in OSV: its OS packages were not matched']);
    const debian = await assessImages([`oci:${join(work, 'a')}:v1`], { registry: {}, db });
    expect(debian.images[0]?.gaps).toBeUndefined();
    const read = readImageAssessments(JSON.parse(JSON.stringify(assessed)));
    expect(read.images?.images[0]?.gaps).toEqual(assessed.images[0]?.gaps);
  });
});
