import { describe, expect, it } from 'vitest';
import type { ImageAssessments, Inventory } from '../model/index.js';
import { parseSnapshot, serializeSnapshot, snapshotOf } from './snapshot.js';
import { IMAGE_LIMITS, readImageAssessments } from './snapshot-images.js';

const DIGEST = `sha256:${'a1'.repeat(32)}`;

function images(): ImageAssessments {
  return {
    version: 1,
    scannedAt: '2026-03-02T08:05:00.000Z',
    database: { version: 'osv-3f9a1c', updatedAt: '2026-03-01T00:00:00.000Z' },
    signatures: { keys: ['cosign.pub'], identities: [] },
    minSeverity: 'low',
    images: [
      {
        digest: DIGEST,
        references: ['nginx:1.27', 'docker.io/library/nginx:1.27'],
        os: 'Debian GNU/Linux 12 (bookworm)',
        packageCount: 149,
        vulnerabilities: [
          { id: 'CVE-2023-4863', aliases: [], severity: 'high', package: 'libwebp7', installedVersion: '1.2.4-0.2', fixedVersions: ['1.2.4-0.2+deb12u1'] },
          { id: 'CVE-2024-5535', aliases: ['DSA-5733-1'], severity: 'critical', package: 'libssl3', installedVersion: '3.0.11-1~deb12u2', fixedVersions: ['3.0.14-1~deb12u1'], summary: 'SSL_select_next_proto buffer overread' },
        ],
        signature: { verified: false, reason: 'no signature', signers: [] },
      },
      { references: ['registry.corp.example/app:1'], packageCount: 0, vulnerabilities: [], error: 'registry answered 401 Unauthorized' },
    ],
  };
}

function inventory(withImages: unknown): Inventory {
  return {
    source: { type: 'cluster', cluster: 'prod', collectedAt: '2026-03-02T08:00:00.000Z' },
    objects: [{ object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, origin: { type: 'api', api: 'k8s' } }],
    images: withImages as ImageAssessments,
    errors: [],
  };
}

function roundTrip(withImages: unknown): ReturnType<typeof parseSnapshot> {
  const text = serializeSnapshot(snapshotOf(inventory(withImages), { toolVersion: '0.1.0' }));
  return parseSnapshot(Buffer.from(text), 'prod.json');
}

describe('snapshot images section', () => {
  it('round-trips, in canonical order (images by digest, vulnerabilities worst first), one image per line', () => {
    const text = serializeSnapshot(snapshotOf(inventory(images()), { toolVersion: '0.1.0' }));
    const loaded = parseSnapshot(Buffer.from(text), 'prod.json');
    expect(loaded.inputErrors).toEqual([]);
    const read = loaded.inventory.images!;
    expect(read.images.map((image) => image.digest ?? image.references[0])).toEqual(['registry.corp.example/app:1', DIGEST]);
    expect(read.images[1]!.vulnerabilities.map((v) => v.id)).toEqual(['CVE-2024-5535', 'CVE-2023-4863']);
    expect(read.images[1]!.references).toEqual(['docker.io/library/nginx:1.27', 'nginx:1.27']);
    expect(read.signatures).toEqual({ identities: [], keys: ['cosign.pub'] });
    expect(text).toMatch(/\n {6}\{"digest":"sha256:a1a1/);
    // The same inventory in another order gives the same bytes.
    const shuffled = images();
    shuffled.images.reverse();
    shuffled.images[1]!.vulnerabilities.reverse();
    expect(serializeSnapshot(snapshotOf(inventory(shuffled), { toolVersion: '0.1.0' }))).toBe(text);
  });

  it('leaves images out of a snapshot collected without them', () => {
    const loaded = roundTrip(undefined);
    expect(loaded.inventory.images).toBeUndefined();
    expect(loaded.inputErrors).toEqual([]);
  });

  it('drops a section of an unknown version, naming the field, and still reads the objects', () => {
    const loaded = roundTrip({ ...images(), version: 2 });
    expect(loaded.inventory.images).toBeUndefined();
    expect(loaded.inventory.objects).toHaveLength(1);
    expect(loaded.inputErrors).toEqual([{ file: 'prod.json', message: 'images.version 2 is not supported (this eksguard reads version 1); image scan results ignored' }]);
  });

  it('turns a malformed image into one that could not be read, so its containers are not evaluated', () => {
    const bad = images();
    (bad.images[0]!.vulnerabilities[1] as unknown as Record<string, unknown>).severity = 'catastrophic';
    const loaded = roundTrip(bad);
    expect(loaded.inputErrors.map((error) => error.message)).toEqual([
      'images.images[1].vulnerabilities[0].severity must be critical, high, medium, low or info',
    ]);
    const broken = loaded.inventory.images!.images[1]!;
    expect(broken.references).toEqual(['docker.io/library/nginx:1.27', 'nginx:1.27']);
    expect(broken.vulnerabilities).toEqual([]);
    expect(broken.error).toMatch(/its record in the snapshot is malformed \(images\.images\[1\]\.vulnerabilities\[0\]\.severity/);
  });

  it('refuses odd ids, control characters and oversized lists, field by field', () => {
    const cases: Array<[unknown, string]> = [
      [{ id: 'CVE-2024-1\u001b[2J', severity: 'high', package: 'p', installedVersion: '1', fixedVersions: [] }, 'images.images[0].vulnerabilities[0].id holds control characters'],
      [{ id: '../../etc/passwd', severity: 'high', package: 'p', installedVersion: '1' }, 'images.images[0].vulnerabilities[0].id is not a vulnerability id ("../../etc/passwd")'],
      [{ id: 'CVE-2024-1', severity: 'high', package: 'p', installedVersion: '1', fixedVersions: Array(IMAGE_LIMITS.shortList + 1).fill('2') }, 'images.images[0].vulnerabilities[0].fixedVersions lists 201 entries, more than 200'],
      [{ id: 'CVE-2024-1', severity: 'high', package: { name: 'p' }, installedVersion: '1' }, 'images.images[0].vulnerabilities[0].package must be a string'],
      ['CVE-2024-1', 'images.images[0].vulnerabilities[0] must be an object'],
    ];
    for (const [vulnerability, message] of cases) {
      const read = readImageAssessments({ ...images(), images: [{ digest: DIGEST, references: ['app:1'], packageCount: 1, vulnerabilities: [vulnerability] }] });
      expect(read.errors).toEqual([message]);
      expect(read.images!.images[0]!.error).toContain(message);
    }
  });

  it('caps the number of images and of vulnerabilities without reading them all', () => {
    const many = readImageAssessments({ ...images(), images: { length: IMAGE_LIMITS.images + 1 } });
    expect(many.errors).toEqual(['images.images must be a list; image scan results ignored']);
    const tooMany = readImageAssessments({ ...images(), images: Array(IMAGE_LIMITS.images + 1).fill(null) });
    expect(tooMany.errors).toEqual([`images.images lists ${IMAGE_LIMITS.images + 1} images, more than ${IMAGE_LIMITS.images}; image scan results ignored`]);
    const vulnerabilities = Array(IMAGE_LIMITS.vulnerabilities + 1).fill({});
    const big = readImageAssessments({ ...images(), images: [{ digest: DIGEST, references: ['app:1'], vulnerabilities }] });
    expect(big.errors).toEqual([`images.images[0].vulnerabilities lists ${IMAGE_LIMITS.vulnerabilities + 1} entries, more than ${IMAGE_LIMITS.vulnerabilities}`]);
    expect(big.images!.images[0]!.error).toBeDefined();
  });

  it('drops an image without references (nothing to tie it to) and keeps the others', () => {
    const read = readImageAssessments({ ...images(), images: [{ digest: DIGEST, references: [] }, 42, images().images[1]] });
    expect(read.errors).toEqual(['images.images[0].references must name at least one image reference', 'images.images[1] must be an object']);
    expect(read.images!.images.map((image) => image.references)).toEqual([['registry.corp.example/app:1']]);
  });

  it('requires a digest unless the image could not be read, and a section that is an object', () => {
    expect(readImageAssessments({ ...images(), images: [{ references: ['app:1'] }] }).errors).toEqual([
      'images.images[0].digest is missing (only an image that could not be read has none)',
    ]);
    expect(readImageAssessments([]).errors).toEqual(['images must be an object; image scan results ignored']);
    expect(readImageAssessments({ ...images(), scannedAt: 'yesterday' }).errors).toEqual(['images.scannedAt is not an ISO-8601 time; image scan results ignored']);
    expect(readImageAssessments({ ...images(), signatures: { keys: 'cosign.pub' } }).errors).toEqual(['images.signatures.keys must be a list of strings; image scan results ignored']);
  });
});
