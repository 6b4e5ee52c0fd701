import { describe, expect, it } from 'vitest';
import type { ImageScan } from '../types.js';
import { renderSpdx } from './spdx.js';
import { expectGolden } from './test-support/golden.js';
import { HOSTILE, hasRawControlCharacters, hostileScan, LODASH, sampleScan } from './test-support/sample-scan.js';
import { spdx23Validator } from './test-support/validators.js';

const OPTIONS = { toolVersion: '0.1.0' };
const validate = spdx23Validator();

interface SpdxDoc {
  spdxVersion: string;
  dataLicense: string;
  SPDXID: string;
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: Array<{
    SPDXID: string;
    name: string;
    versionInfo?: string;
    primaryPackagePurpose: string;
    downloadLocation: string;
    filesAnalyzed: boolean;
    licenseConcluded: string;
    licenseDeclared: string;
    licenseComments?: string;
    sourceInfo?: string;
    externalRefs?: Array<{ referenceCategory: string; referenceType: string; referenceLocator: string }>;
  }>;
  relationships: Array<{ spdxElementId: string; relationshipType: string; relatedSpdxElement: string }>;
}

function render(scan: ImageScan): { text: string; doc: SpdxDoc } {
  const text = renderSpdx(scan, OPTIONS);
  return { text, doc: JSON.parse(text) as SpdxDoc };
}

const SPDX_ID = /^SPDXRef-[A-Za-z0-9.-]+$/;

describe('renderSpdx', () => {
  it('matches the golden file and the official SPDX 2.3 schema', () => {
    const { text } = render(sampleScan());
    expect(validate(text)).toBeNull();
    expectGolden('spdx-sample.json', text);
  });

  it('is caught by the schema when the output is wrong', () => {
    const { doc } = render(sampleScan());
    const broken = { ...doc, packages: doc.packages.map(({ downloadLocation: _, ...p }) => p) };
    expect(validate(JSON.stringify(broken))).not.toBeNull();
  });

  it('fills the document header from the scan', () => {
    const { doc } = render(sampleScan());
    const digest = sampleScan().digest;
    expect(doc).toMatchObject({
      spdxVersion: 'SPDX-2.3',
      dataLicense: 'CC0-1.0',
      SPDXID: 'SPDXRef-DOCUMENT',
      name: `127.0.0.1:5000/shop/api@${digest}`,
      documentNamespace: `https://eksguard.dev/spdx/${digest.replace(':', '%3A')}`,
      creationInfo: { created: '2024-05-14T09:30:00Z', creators: ['Tool: eksguard-0.1.0'] },
    });
  });

  it('describes the image, which contains the OS and every package', () => {
    const { doc } = render(sampleScan());
    const [image, os, ...packages] = doc.packages;
    expect(image).toMatchObject({ name: '127.0.0.1:5000/shop/api', versionInfo: sampleScan().digest, primaryPackagePurpose: 'CONTAINER' });
    expect(image!.externalRefs).toEqual([
      { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: expect.stringMatching(/^pkg:oci\/api@sha256:/) as string },
    ]);
    expect(os).toMatchObject({ name: 'debian', versionInfo: '12', primaryPackagePurpose: 'OPERATING_SYSTEM' });
    expect(packages.map((p) => p.externalRefs![0]!.referenceLocator)).toEqual(sampleScan().packages.map((p) => p.purl).sort());
    expect(doc.relationships).toEqual([
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: image!.SPDXID },
      ...[os!, ...packages].map((p) => ({ spdxElementId: image!.SPDXID, relationshipType: 'CONTAINS', relatedSpdxElement: p.SPDXID })),
    ]);
    for (const p of doc.packages) {
      expect(p.SPDXID).toMatch(SPDX_ID);
      expect(p).toMatchObject({ downloadLocation: 'NOASSERTION', filesAnalyzed: false, licenseConcluded: 'NOASSERTION' });
    }
    expect(packages.find((p) => p.name === 'libssl3')!.sourceInfo).toBe(
      'Found in /var/lib/dpkg/status (Debian:12); built from source package openssl 3.0.11-1~deb12u2.',
    );
  });

  it('declares SPDX expressions and leaves other license names as a comment', () => {
    const scan = sampleScan();
    scan.packages.push(
      { ...LODASH, name: 'old', purl: 'pkg:npm/old@1.0.0', licenses: ['GPLv2+'] },
      { ...LODASH, name: 'pair', purl: 'pkg:npm/pair@1.0.0', licenses: ['mit', 'Apache-2.0 OR MIT'] },
    );
    const { text, doc } = render(scan);
    const pkg = (name: string): SpdxDoc['packages'][number] => doc.packages.find((p) => p.name === name)!;
    expect(pkg('lodash').licenseDeclared).toBe('MIT');
    expect(pkg('json-schema').licenseDeclared).toBe('(AFL-2.1 OR BSD-3-Clause)');
    expect(pkg('pair').licenseDeclared).toBe('MIT AND (Apache-2.0 OR MIT)');
    expect(pkg('old')).toMatchObject({
      licenseDeclared: 'NOASSERTION',
      licenseComments: 'Declared by the package as: GPLv2+ (not an SPDX license expression).',
    });
    expect(pkg('libssl3').licenseDeclared).toBe('NOASSERTION');
    expect(validate(text)).toBeNull();
  });

  it('renders the same bytes whatever order the scan lists things in', () => {
    const scan = sampleScan();
    expect(renderSpdx({ ...scan, packages: [...scan.packages].reverse() }, OPTIONS)).toBe(renderSpdx(scan, OPTIONS));
  });

  it('keeps hostile strings in valid JSON and SPDX ids clean and unique', () => {
    const { text, doc } = render(hostileScan());
    expect(validate(text)).toBeNull();
    const ids = [doc.SPDXID, ...doc.packages.map((p) => p.SPDXID)];
    for (const id of ids) expect(id).toMatch(SPDX_ID);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of doc.relationships) expect(ids).toContain(r.relatedSpdxElement);
    const evil = doc.packages.filter((p) => p.name === HOSTILE.name);
    expect(evil).toHaveLength(2);
    expect(evil[0]!.versionInfo).toBe(HOSTILE.version);
    expect(evil[0]!.licenseComments).toContain(HOSTILE.license);
    expect(evil[0]!.sourceInfo).toContain(HOSTILE.foundIn);
    expect(doc.packages.filter((p) => p.name === 'lodash')).toHaveLength(2);
    // A package without a purl gets no external reference, rather than an empty one.
    expect(doc.packages.find((p) => p.name === '')!.externalRefs).toBeUndefined();
    expect(hasRawControlCharacters(text)).toBe(false);
    expect(renderSpdx(hostileScan(), OPTIONS)).toBe(text);
  });

  it('refuses a scan time that is not a date', () => {
    expect(() => renderSpdx({ ...sampleScan(), scannedAt: '' }, OPTIONS)).toThrow(/scannedAt is not a date/);
  });
});
