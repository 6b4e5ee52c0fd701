/**
 * Alpine (and Wolfi/Chainguard): `/lib/apk/db/installed`, one stanza per package of single-letter
 * `X:value` lines (apk-tools' "installed database" format): `P` name, `V` version, `A` arch,
 * `L` license, `o` origin (the source package, which advisories name). File lines (`F:`, `R:`,
 * `Z:`, `a:`, `M:`) belong to the package above them and are not needed here.
 */
import type { OsRelease } from '../types.js';
import { decodeUtf8, type InventoryBuilder } from './inventory.js';
import { distroEcosystem, purlDistro, purlNamespace } from './os-release.js';
import { purl } from './purl.js';

export const APK_INSTALLED = '/lib/apk/db/installed';

interface ApkStanza {
  line: number;
  fields: Map<string, string>;
}

function stanzas(text: string, file: string, out: InventoryBuilder): ApkStanza[] {
  const result: ApkStanza[] = [];
  let current: ApkStanza | undefined;
  let broken = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line === '') {
      if (current && !broken) result.push(current);
      current = undefined;
      broken = false;
      continue;
    }
    if (broken) continue;
    current ??= { line: i + 1, fields: new Map() };
    if (line[1] !== ':') {
      out.error(`${file}:${i + 1}`, `not an "X:value" line: ${JSON.stringify(line.slice(0, 60))}`);
      broken = true;
      continue;
    }
    // Only the first occurrence counts: per-file lines repeat, package fields do not.
    if (!current.fields.has(line[0]!)) current.fields.set(line[0]!, line.slice(2));
  }
  if (current && !broken) result.push(current);
  return result;
}

export function readApkInstalled(file: string, buf: Buffer, os: OsRelease | undefined, out: InventoryBuilder): void {
  const ecosystem = os ? distroEcosystem(os) : 'Alpine';
  const namespace = purlNamespace(os, 'alpine');
  const distro = purlDistro(os);
  for (const s of stanzas(decodeUtf8(buf, file), file, out)) {
    const where = `${file}:${s.line}`;
    const name = s.fields.get('P');
    const version = s.fields.get('V');
    if (!name || /\s/.test(name)) {
      out.error(where, 'missing or invalid package name (P:)');
      continue;
    }
    if (!version || /\s/.test(version)) {
      out.error(where, `package ${name}: missing or invalid version (V:)`);
      continue;
    }
    out.guard(where, () => {
      const license = s.fields.get('L');
      out.add({
        name,
        version,
        ecosystem,
        sourceName: s.fields.get('o') || name,
        sourceVersion: version,
        purl: purl('apk', namespace, name, version, { arch: s.fields.get('A'), distro }),
        foundIn: file,
        ...(license ? { licenses: [license] } : {}),
      });
    });
  }
}
