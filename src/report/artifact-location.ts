import type { Location } from '../model/index.js';

/** A file (and line) a reader can open to fix a finding. */
export interface Artifact {
  file: string;
  /** Absent when the file is a Helm template: the rendered output's line says nothing about it. */
  line?: number;
}

/**
 * Where to fix a finding: the chart template for rendered Helm output (the rendered stream is
 * rarely committed; the template is), otherwise the scanned file and line.
 */
export function artifactOf(location: Location): Artifact {
  if (location.helmSource) return { file: location.helmSource };
  return { file: location.file, line: location.line };
}

/** Forward slashes, no leading `./`, no doubled separators: the path as a repository names it. */
export function normalizeFilePath(file: string): string {
  let path = file.replace(/\\/g, '/');
  const absolute = path.startsWith('/');
  path = path.replace(/\/{2,}/g, '/');
  while (path.startsWith('./')) path = path.slice(2);
  return absolute && !path.startsWith('/') ? `/${path}` : path;
}

const DRIVE = /^[A-Za-z]:\//;

/**
 * An RFC 3986 URI reference for a file path: relative paths stay relative (code scanning resolves
 * them against the repository root); absolute paths become `file:` URIs, which upload-sarif
 * rewrites relative to the checkout.
 */
export function toArtifactUri(file: string): string {
  const path = normalizeFilePath(file);
  if (DRIVE.test(path)) return `file:///${path.slice(0, 2)}${encodePath(path.slice(2), false)}`;
  if (path.startsWith('/')) return `file://${encodePath(path, false)}`;
  return encodePath(path, true);
}

function encodePath(path: string, relative: boolean): string {
  return path
    .split('/')
    // In a relative reference a colon in the first segment would read as a scheme (RFC 3986 §4.2).
    .map((segment, index) => encodeSegment(segment, relative && index === 0))
    .join('/');
}

const KEEP = /%(24|26|2B|2C|3B|3D|40|3A)/g;

function encodeSegment(segment: string, escapeColon: boolean): string {
  const encoded = encodeURIComponent(wellFormed(segment)).replace(KEEP, (escape, hex: string) =>
    hex === '3A' && escapeColon ? escape : String.fromCharCode(Number.parseInt(hex, 16)),
  );
  return encoded;
}

/** Lone surrogates cannot be encoded as UTF-8; they become U+FFFD, as TextEncoder would make them. */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
