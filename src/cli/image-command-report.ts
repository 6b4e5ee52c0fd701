/**
 * `image scan` output: a table for people (the image, then vulnerabilities worst first with
 * the version that fixes each) and JSON for machines. Package names and versions come from the
 * image, which is untrusted: the table strips control characters from them.
 */
import { SEVERITIES, type Severity } from '../model/index.js';
import { formatPlatform } from '../images/registry/platform.js';
import type { ImageScan } from '../images/types.js';
import type { OsvDatabase } from '../images/vulns/index.js';
import { printable } from '../report/terminal-text.js';
import { VERSION } from './version.js';

export interface DatabaseInfo {
  version: string;
  builtAt: string;
  records: number;
}

export function databaseInfo(db: OsvDatabase): DatabaseInfo {
  return { version: db.version, builtAt: db.builtAt, records: db.recordCount };
}

export function severityCounts(scan: ImageScan): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const v of scan.vulnerabilities) counts[v.severity]++;
  return counts;
}

/** `{ schemaVersion, tool, database, image fields…, summary }`; `database` is null when none was used. */
export function imageScanJson(scan: ImageScan, db: DatabaseInfo | undefined): string {
  const doc = {
    schemaVersion: 1,
    tool: { name: 'eksguard', version: VERSION },
    database: db ?? null,
    ...scan,
    summary: { packages: scan.packages.length, vulnerabilities: severityCounts(scan) },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function columns(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

export function imageScanTable(scan: ImageScan, db: DatabaseInfo | undefined, listPackages: boolean): string {
  const out: string[] = [];
  const field = (name: string, value: string) => out.push(`${name.padEnd(10)}${printable(value)}`);
  field('Image', scan.ref.original);
  field('Digest', scan.digest);
  if (scan.platform) field('Platform', formatPlatform(scan.platform));
  field('OS', scan.os ? (scan.os.prettyName ?? `${scan.os.id} ${scan.os.versionId ?? ''}`.trim()) : 'unknown (no /etc/os-release)');
  field('Packages', String(scan.packages.length));
  if (db) field('Database', `${db.version} (${db.records} records, built ${db.builtAt})`);

  if (listPackages && scan.packages.length > 0) {
    out.push('', columns([['PACKAGE', 'VERSION', 'ECOSYSTEM', 'FOUND IN'], ...scan.packages.map((p) => [p.name, p.version, p.ecosystem, p.foundIn].map(printable))]));
  }
  if (db) {
    out.push('');
    const counts = severityCounts(scan);
    const summary = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
    if (scan.vulnerabilities.length === 0) out.push('No known vulnerabilities.');
    else {
      out.push(`Vulnerabilities: ${scan.vulnerabilities.length} (${summary.join(', ')})`, '');
      const rows = scan.vulnerabilities.map((v) =>
        [v.severity.toUpperCase(), v.id, v.package.name, v.package.version, v.fixedVersions.length > 0 ? v.fixedVersions.join(', ') : '(no fix)'].map(printable),
      );
      out.push(columns([['SEVERITY', 'ID', 'PACKAGE', 'INSTALLED', 'FIXED IN'], ...rows]));
    }
  }
  return `${out.join('\n')}\n`;
}
