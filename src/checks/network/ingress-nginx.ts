/**
 * The community ingress-nginx controller: how to recognise its image, the advisories that
 * affect a version, and its snippet annotations. Fixed versions are those the Kubernetes
 * Security Response Committee published for each advisory.
 */
import { compareVersions, parseImage, versionOf, type Version } from '../../analysis/network/image-ref.js';

export interface Advisory {
  ids: readonly string[];
  summary: string;
  /** First fixed release of each maintained minor line. */
  fixed: readonly string[];
}

export const ADVISORIES: readonly Advisory[] = [
  {
    ids: ['CVE-2025-1974', 'CVE-2025-1097', 'CVE-2025-1098', 'CVE-2025-24514', 'CVE-2025-24513'],
    summary: 'IngressNightmare: unauthenticated code execution through the admission webhook',
    fixed: ['1.11.5', '1.12.1'],
  },
  {
    ids: ['CVE-2026-24512'],
    summary: 'configuration injection through rules.http.paths.path',
    fixed: ['1.13.7', '1.14.3'],
  },
  {
    ids: ['CVE-2026-3288'],
    summary: 'configuration injection through the rewrite-target annotation',
    fixed: ['1.13.8', '1.14.4', '1.15.0'],
  },
];

export const RETIREMENT =
  'the ingress-nginx project was retired in March 2026 and publishes no further releases or security fixes';

export const SNIPPET_ANNOTATIONS = [
  'configuration-snippet',
  'server-snippet',
  'auth-snippet',
  'stream-snippet',
  'modsecurity-snippet',
] as const;

export function isIngressNginxImage(image: string): boolean {
  const ref = parseImage(image);
  return /(^|\/)ingress-nginx\/controller(-chroot)?$/.test(ref.repository) || ref.name === 'nginx-ingress-controller';
}

export function controllerVersion(image: string): Version | undefined {
  return versionOf(parseImage(image).tag);
}

function parse(text: string): Version {
  return versionOf(text) as Version;
}

/** Vulnerable unless the version is at or past the fix of its own minor line, or past them all. */
export function isAffected(version: Version, advisory: Advisory): boolean {
  const fixes = advisory.fixed.map(parse).sort(compareVersions);
  const last = fixes[fixes.length - 1];
  if (last && compareVersions(version, last) >= 0) return false;
  const sameLine = fixes.find((fix) => fix.major === version.major && fix.minor === version.minor);
  return !(sameLine && compareVersions(version, sameLine) >= 0);
}

export function advisoriesAffecting(version: Version): Advisory[] {
  return ADVISORIES.filter((advisory) => isAffected(version, advisory));
}
