/**
 * Python: installed distributions' core metadata, `*.dist-info/METADATA` (wheels, pip) and
 * `*.egg-info/PKG-INFO` or a bare `*.egg-info` file (setuptools). Only the header block before
 * the first blank line is read; names are normalised per PEP 503, as OSV's PyPI ecosystem wants.
 */
import type { InventoryBuilder } from './inventory.js';
import { decodeUtf8 } from './inventory.js';
import { purl } from './purl.js';

const IN_SITE = /\/(?:site|dist)-packages\//;

export function isPythonMetadata(path: string): boolean {
  if (!IN_SITE.test(path)) return false;
  return /\/[^/]+\.dist-info\/METADATA$/.test(path) || /\/[^/]+\.egg-info\/PKG-INFO$/.test(path) || /\/[^/]+\.egg-info$/.test(path);
}

/** PEP 503: lower-case, runs of `-`, `_` and `.` become one `-`. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function readPythonMetadata(file: string, buf: Buffer, out: InventoryBuilder): void {
  const text = decodeUtf8(buf, file);
  const headerEnd = text.search(/\r?\n\r?\n/);
  const headers = new Map<string, string>();
  for (const line of (headerEnd < 0 ? text : text.slice(0, headerEnd)).split(/\r?\n/)) {
    const m = /^([A-Za-z0-9-]+):[ \t]*(.*)$/.exec(line);
    if (m && !headers.has(m[1]!.toLowerCase())) headers.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  const rawName = headers.get('name');
  const version = headers.get('version');
  if (!rawName || !/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(rawName)) throw new Error('missing or invalid Name header');
  if (!version || /\s/.test(version)) throw new Error(`${rawName}: missing or invalid Version header`);
  const name = normalizePypiName(rawName);
  const license = headers.get('license-expression') ?? headers.get('license');
  out.add({
    name,
    version,
    ecosystem: 'PyPI',
    purl: purl('pypi', undefined, name, version),
    foundIn: file,
    ...(license && license !== 'UNKNOWN' && license.length <= 200 ? { licenses: [license] } : {}),
  });
}
