/** Image scan results for the image checks' tests, shaped as `--scan-images` records them. */
import type { ImageAssessment, ImageAssessments, ImageVulnerability } from '../../../model/index.js';

export const WEB_DIGEST = `sha256:${'a1'.repeat(32)}`;
export const API_DIGEST = `sha256:${'b2'.repeat(32)}`;
export const CLEAN_DIGEST = `sha256:${'c3'.repeat(32)}`;

/** Debian 11 packages as the security tracker lists them. */
export const ZLIB_CRITICAL: ImageVulnerability = {
  id: 'CVE-2022-37434',
  aliases: ['DLA-3103-1'],
  severity: 'critical',
  package: 'zlib1g',
  installedVersion: '1:1.2.11.dfsg-2+deb11u1',
  fixedVersions: ['1:1.2.11.dfsg-2+deb11u2'],
  summary: 'zlib through 1.2.12 has a heap-based buffer over-read or buffer overflow in inflate in inflate.c via a large gzip header extra field',
};
export const CURL_CRITICAL: ImageVulnerability = {
  id: 'CVE-2023-38545',
  aliases: ['DSA-5523-1'],
  severity: 'critical',
  package: 'curl',
  installedVersion: '7.74.0-1.3+deb11u7',
  fixedVersions: ['7.74.0-1.3+deb11u10'],
  summary: 'SOCKS5 heap buffer overflow',
};
export const MINIZIP_UNFIXED: ImageVulnerability = {
  id: 'CVE-2023-45853',
  aliases: [],
  severity: 'critical',
  package: 'zlib1g',
  installedVersion: '1:1.2.11.dfsg-2+deb11u1',
  fixedVersions: [],
  summary: 'MiniZip in zlib through 1.3 has an integer overflow and resultant heap-based buffer overflow in zipOpenNewFileInZip4_64',
};
export const WEBP_HIGH: ImageVulnerability = {
  id: 'CVE-2023-4863',
  aliases: ['DSA-5497-1'],
  severity: 'high',
  package: 'libwebp6',
  installedVersion: '0.6.1-2.1+deb11u1',
  fixedVersions: ['0.6.1-2.1+deb11u2'],
};

export function image(overrides: Partial<ImageAssessment> & Pick<ImageAssessment, 'references'>): ImageAssessment {
  return { digest: CLEAN_DIGEST, os: 'Debian GNU/Linux 11 (bullseye)', packageCount: 118, vulnerabilities: [], ...overrides };
}

export function scanned(images: ImageAssessment[], overrides: Partial<ImageAssessments> = {}): ImageAssessments {
  return {
    version: 1,
    scannedAt: '2026-03-02T08:05:00.000Z',
    database: { version: 'osv-3f9a1c', updatedAt: '2026-03-01T00:00:00.000Z' },
    minSeverity: 'low',
    images,
    ...overrides,
  };
}
