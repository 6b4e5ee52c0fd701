/**
 * A small hand-made scan: a Debian 12 image with two dpkg packages and three npm packages from a
 * lockfile, and two matches (a Debian advisory on OpenSSL, a GitHub advisory on lodash). Purls
 * are built with the same helper the package readers use.
 */
import { purl } from '../../packages/purl.js';
import type { ImagePackage, ImageScan, VulnerabilityMatch } from '../../types.js';

const DEB = { arch: 'amd64', distro: 'debian-12' };

export const LIBSSL3: ImagePackage = {
  name: 'libssl3',
  version: '3.0.11-1~deb12u2',
  ecosystem: 'Debian:12',
  sourceName: 'openssl',
  sourceVersion: '3.0.11-1~deb12u2',
  purl: purl('deb', 'debian', 'libssl3', '3.0.11-1~deb12u2', DEB),
  foundIn: '/var/lib/dpkg/status',
};

export const ZLIB: ImagePackage = {
  name: 'zlib1g',
  version: '1:1.2.13.dfsg-1',
  ecosystem: 'Debian:12',
  sourceName: 'zlib',
  sourceVersion: '1:1.2.13.dfsg-1',
  purl: purl('deb', 'debian', 'zlib1g', '1:1.2.13.dfsg-1', DEB),
  foundIn: '/var/lib/dpkg/status',
};

export const LODASH: ImagePackage = {
  name: 'lodash',
  version: '4.17.20',
  ecosystem: 'npm',
  purl: purl('npm', undefined, 'lodash', '4.17.20'),
  foundIn: '/app/package-lock.json',
  licenses: ['MIT'],
};

const BABEL: ImagePackage = {
  name: '@babel/runtime',
  version: '7.23.2',
  ecosystem: 'npm',
  purl: purl('npm', '@babel', 'runtime', '7.23.2'),
  foundIn: '/app/package-lock.json',
  licenses: ['MIT'],
};

const JSON_SCHEMA: ImagePackage = {
  name: 'json-schema',
  version: '0.4.0',
  ecosystem: 'npm',
  purl: purl('npm', undefined, 'json-schema', '0.4.0'),
  foundIn: '/app/package-lock.json',
  licenses: ['(AFL-2.1 OR BSD-3-Clause)'],
};

export const OPENSSL_ADVISORY: VulnerabilityMatch = {
  id: 'DEBIAN-CVE-2023-5678',
  aliases: ['CVE-2023-5678'],
  summary: 'Generating excessively long X9.42 DH keys or checking excessively long X9.42 DH keys or parameters may be very slow.',
  severity: 'medium',
  cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L',
  package: { name: LIBSSL3.name, version: LIBSSL3.version, ecosystem: LIBSSL3.ecosystem, purl: LIBSSL3.purl },
  fixedVersions: ['3.0.13-1~deb12u1'],
  references: ['https://security-tracker.debian.org/tracker/CVE-2023-5678'],
};

export const LODASH_ADVISORY: VulnerabilityMatch = {
  id: 'GHSA-35jh-r3h4-6jhm',
  aliases: ['CVE-2021-23337'],
  summary: 'Command Injection in lodash',
  severity: 'high',
  cvss: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H',
  package: { name: LODASH.name, version: LODASH.version, ecosystem: LODASH.ecosystem, purl: LODASH.purl },
  fixedVersions: ['4.17.21'],
  references: ['https://nvd.nist.gov/vuln/detail/CVE-2021-23337', 'https://github.com/lodash/lodash/commit/3469357cff396a26c363f8c1b5a91dde28ba4b1c'],
};

export function sampleScan(): ImageScan {
  return {
    ref: {
      registry: '127.0.0.1:5000',
      repository: 'shop/api',
      tag: '1.4.2',
      original: '127.0.0.1:5000/shop/api:1.4.2',
    },
    digest: 'sha256:4c9e2f1b7a0d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f',
    platform: { os: 'linux', architecture: 'amd64' },
    os: { id: 'debian', versionId: '12', versionCodename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
    packages: [LODASH, ZLIB, JSON_SCHEMA, LIBSSL3, BABEL],
    vulnerabilities: [LODASH_ADVISORY, OPENSSL_ADVISORY],
    sizeBytes: 52_428_800,
    bytesRead: 3_145_728,
    scannedAt: '2024-05-14T09:30:00.000Z',
  };
}

/** Text an image could carry in package metadata: quotes, markup, control characters, unicode. */
export const HOSTILE = {
  name: 'evil"pkg\'</script>\u0000\u0007\u001b[31m\u2028\u202e☃ 🚀',
  version: '1.0.0"; DROP\r\n\t\\',
  license: 'MIT"\u0000 OR <b>GPL</b>',
  foundIn: '/app/"quoted" dir/\u00e9t\u00e9/package-lock.json',
  summary: 'line one\r\nline "two" \u0000 \ud83d\ude80 and a lone surrogate \ud800',
  url: 'https://example.com/a b?c="d"&e=<f>',
} as const;

/** The sample plus hostile packages, a purl found twice, and a hostile vulnerability. */
export function hostileScan(): ImageScan {
  const scan = sampleScan();
  const evil: ImagePackage = {
    name: HOSTILE.name,
    version: HOSTILE.version,
    ecosystem: 'npm',
    purl: purl('npm', undefined, HOSTILE.name.toLowerCase(), HOSTILE.version),
    foundIn: HOSTILE.foundIn,
    licenses: [HOSTILE.license],
  };
  const twin: ImagePackage = { ...LODASH, foundIn: '/srv/other/package-lock.json' };
  const nameless: ImagePackage = { name: '', version: '', ecosystem: 'npm', purl: '', foundIn: HOSTILE.foundIn };
  return {
    ...scan,
    ref: { ...scan.ref, repository: 'shop/"api"\u0000☃', original: HOSTILE.name },
    packages: [...scan.packages, evil, twin, nameless, evil],
    vulnerabilities: [
      ...scan.vulnerabilities,
      {
        id: 'GHSA-"evil"\u0000',
        aliases: [HOSTILE.name],
        summary: HOSTILE.summary,
        severity: 'critical',
        cvss: 'CVSS:3.1/not a vector',
        package: { name: evil.name, version: evil.version, ecosystem: 'npm', purl: evil.purl },
        fixedVersions: [HOSTILE.version, '2.0.0'],
        references: [HOSTILE.url, 'not a url at all'],
      },
    ],
  };
}

/** True when text holds a control character other than a line break, or half a surrogate pair: JSON.stringify must have escaped both. */
export function hasRawControlCharacters(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x0a) || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}
