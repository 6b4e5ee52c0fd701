import { describe, expect, it } from 'vitest';
import type { ImageScan } from '../types.js';
import { renderCycloneDx } from './cyclonedx.js';
import { expectGolden } from './test-support/golden.js';
import { HOSTILE, hasRawControlCharacters, hostileScan, LODASH, LODASH_ADVISORY, sampleScan } from './test-support/sample-scan.js';
import { cycloneDx16Validator } from './test-support/validators.js';

const OPTIONS = { toolVersion: '0.1.0' };
const validate = cycloneDx16Validator();

interface Cdx {
  specVersion: string;
  serialNumber: string;
  metadata: {
    timestamp: string;
    tools: { components: Array<{ name: string; version: string }> };
    component: { type: string; name: string; version: string; purl: string; 'bom-ref': string };
  };
  components: Array<{
    type: string;
    name: string;
    version: string;
    purl?: string;
    'bom-ref': string;
    licenses?: Array<{ license?: { id?: string; name?: string }; expression?: string }>;
    properties?: Array<{ name: string; value: string }>;
  }>;
  dependencies: Array<{ ref: string; dependsOn?: string[] }>;
  vulnerabilities: Array<{
    id: string;
    source: { name: string; url: string };
    references?: Array<{ id: string }>;
    ratings: Array<{ severity: string; method?: string; score?: number; vector?: string }>;
    description?: string;
    recommendation?: string;
    advisories?: Array<{ url: string }>;
    affects: Array<{ ref: string; versions: Array<{ version: string; status: string }> }>;
  }>;
}

function render(scan: ImageScan): { text: string; bom: Cdx } {
  const text = renderCycloneDx(scan, OPTIONS);
  return { text, bom: JSON.parse(text) as Cdx };
}

describe('renderCycloneDx', () => {
  it('matches the golden file and the CycloneDX 1.6 schema', () => {
    const { text } = render(sampleScan());
    expect(validate(text)).toBeNull();
    expectGolden('cyclonedx-sample.json', text);
  });

  it('is caught by the schema when the output is wrong', () => {
    const { bom } = render(sampleScan());
    bom.components[0]!.type = 'package';
    expect(validate(JSON.stringify(bom))).not.toBeNull();
  });

  it('describes the image as a container with its digest, tool and scan time', () => {
    const { bom } = render(sampleScan());
    expect(bom.specVersion).toBe('1.6');
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bom.metadata.timestamp).toBe('2024-05-14T09:30:00.000Z');
    expect(bom.metadata.tools.components).toEqual([{ type: 'application', name: 'eksguard', version: '0.1.0' }]);
    const image = bom.metadata.component;
    expect(image.type).toBe('container');
    expect(image.name).toBe('127.0.0.1:5000/shop/api');
    expect(image.version).toBe(sampleScan().digest);
    expect(image.purl).toBe(
      `pkg:oci/api@${sampleScan().digest}?arch=amd64&repository_url=127.0.0.1%3A5000%2Fshop%2Fapi&tag=1.4.2`,
    );
  });

  it('lists the OS and every package once, sorted by purl, the image depending on each', () => {
    const { bom } = render(sampleScan());
    const [os, ...packages] = bom.components;
    expect(os).toMatchObject({ type: 'operating-system', name: 'debian', version: '12', description: 'Debian GNU/Linux 12 (bookworm)' });
    const purls = packages.map((c) => c.purl!);
    expect(purls).toEqual([...purls].sort());
    expect(packages.every((c) => c.type === 'library' && c['bom-ref'] === c.purl)).toBe(true);
    expect(bom.dependencies).toEqual([{ ref: bom.metadata.component['bom-ref'], dependsOn: bom.components.map((c) => c['bom-ref']) }]);
    const libssl = packages.find((c) => c.name === 'libssl3')!;
    expect(libssl.properties).toEqual([
      { name: 'eksguard:package:ecosystem', value: 'Debian:12' },
      { name: 'eksguard:package:found-in', value: '/var/lib/dpkg/status' },
      { name: 'eksguard:package:source-name', value: 'openssl' },
      { name: 'eksguard:package:source-version', value: '3.0.11-1~deb12u2' },
    ]);
  });

  it('writes license ids, expressions and names as CycloneDX tells them apart', () => {
    const scan = sampleScan();
    scan.packages.push({ ...LODASH, name: 'old', purl: 'pkg:npm/old@1.0.0', licenses: ['GPLv2+'] });
    const { text, bom } = render(scan);
    const licenses = (name: string): unknown => bom.components.find((c) => c.name === name)?.licenses;
    expect(licenses('lodash')).toEqual([{ license: { id: 'MIT' } }]);
    expect(licenses('json-schema')).toEqual([{ expression: '(AFL-2.1 OR BSD-3-Clause)' }]);
    expect(licenses('old')).toEqual([{ license: { name: 'GPLv2+' } }]);
    expect(licenses('libssl3')).toBeUndefined();
    expect(validate(text)).toBeNull();
  });

  it('rates, links and recommends each vulnerability, sorted by id', () => {
    const { bom } = render(sampleScan());
    expect(bom.vulnerabilities.map((v) => v.id)).toEqual(['DEBIAN-CVE-2023-5678', 'GHSA-35jh-r3h4-6jhm']);
    const lodash = bom.vulnerabilities[1]!;
    expect(lodash.source).toEqual({ name: 'OSV', url: 'https://osv.dev/vulnerability/GHSA-35jh-r3h4-6jhm' });
    expect(lodash.references).toEqual([{ id: 'CVE-2021-23337', source: { name: 'OSV', url: 'https://osv.dev/vulnerability/CVE-2021-23337' } }]);
    expect(lodash.ratings).toEqual([
      {
        source: { name: 'OSV', url: 'https://osv.dev/vulnerability/GHSA-35jh-r3h4-6jhm' },
        severity: 'high',
        method: 'CVSSv31',
        score: 7.2,
        vector: LODASH_ADVISORY.cvss,
      },
    ]);
    expect(lodash.recommendation).toBe('Upgrade lodash from 4.17.20 to 4.17.21.');
    expect(lodash.advisories?.map((a) => a.url)).toEqual(LODASH_ADVISORY.references);
    expect(lodash.affects).toEqual([
      {
        ref: LODASH.purl,
        versions: [
          { version: '4.17.20', status: 'affected' },
          { version: '4.17.21', status: 'unaffected' },
        ],
      },
    ]);
  });

  it('gives a severity without a method when there is no scorable vector, and no recommendation without a fix', () => {
    const scan = sampleScan();
    scan.vulnerabilities = [{ ...LODASH_ADVISORY, severity: 'medium', cvss: 'MODERATE', fixedVersions: [] }];
    const { text, bom } = render(scan);
    const [v] = bom.vulnerabilities;
    expect(v!.ratings).toEqual([{ source: v!.source, severity: 'medium' }]);
    expect(v!.recommendation).toBeUndefined();
    expect(v!.affects[0]!.versions).toEqual([{ version: '4.17.20', status: 'affected' }]);
    expect(validate(text)).toBeNull();
  });

  it('leaves out a match whose package is not in the document', () => {
    const scan = sampleScan();
    scan.packages = scan.packages.filter((p) => p.name !== 'lodash');
    expect(render(scan).bom.vulnerabilities.map((v) => v.id)).toEqual(['DEBIAN-CVE-2023-5678']);
  });

  it('renders the same bytes whatever order the scan lists things in', () => {
    const scan = sampleScan();
    const shuffled = { ...scan, packages: [...scan.packages].reverse(), vulnerabilities: [...scan.vulnerabilities].reverse() };
    expect(renderCycloneDx(shuffled, OPTIONS)).toBe(renderCycloneDx(scan, OPTIONS));
  });

  it('keeps hostile strings intact in valid JSON with unique references', () => {
    const { text, bom } = render(hostileScan());
    expect(validate(text)).toBeNull();
    const evil = bom.components.filter((c) => c.name === HOSTILE.name);
    expect(evil).toHaveLength(2);
    expect(evil[0]!.version).toBe(HOSTILE.version);
    expect(evil[0]!.licenses).toEqual([{ license: { name: HOSTILE.license } }]);
    expect(evil[0]!.properties).toContainEqual({ name: 'eksguard:package:found-in', value: HOSTILE.foundIn });
    const refs = [bom.metadata.component['bom-ref'], ...bom.components.map((c) => c['bom-ref'])];
    expect(new Set(refs).size).toBe(refs.length);
    // The same lodash found in two lockfiles: two components, both affected.
    const lodashRefs = bom.components.filter((c) => c.purl === LODASH.purl).map((c) => c['bom-ref']);
    expect(lodashRefs).toEqual(['pkg:npm/lodash@4.17.20#/app/package-lock.json', 'pkg:npm/lodash@4.17.20#/srv/other/package-lock.json']);
    expect(bom.vulnerabilities.find((v) => v.id === LODASH_ADVISORY.id)!.affects.map((a) => a.ref)).toEqual(lodashRefs);
    for (const v of bom.vulnerabilities) for (const a of v.affects) expect(refs).toContain(a.ref);
    const hostile = bom.vulnerabilities.find((v) => v.id.startsWith('GHSA-"evil"'))!;
    expect(hostile.description).toBe(HOSTILE.summary);
    // JSON escapes control characters and lone surrogates; none reaches the file raw.
    expect(hasRawControlCharacters('\u0000')).toBe(true);
    expect(hasRawControlCharacters(text)).toBe(false);
    expect(hostile.ratings).toEqual([{ source: hostile.source, severity: 'critical' }]);
    expect(renderCycloneDx(hostileScan(), OPTIONS)).toBe(text);
  });

  it('refuses a scan time that is not a date, naming the field', () => {
    expect(() => renderCycloneDx({ ...sampleScan(), scannedAt: 'yesterday' }, OPTIONS)).toThrow(/scannedAt is not a date: "yesterday"/);
  });
});
