/**
 * Vulnerability matching benchmark (issue "Image supply chain"): generates an OSV database of
 * `records` records (default 200,000) in the shapes of the real feeds — Debian DSA/DEBIAN-CVE
 * records on source packages, Alpine, npm/PyPI/Go/Maven GHSAs with CVSS vectors, multi-interval
 * and last_affected ranges — builds it, then matches `packages` packages (default 2,000).
 * Target: matching ≤ 1 s. The input is written as JSON files of record arrays (≤ 5,000 each),
 * which `buildDatabase` reads through the same parse and validation path as zip entries.
 * Run alone: `npx tsx bench/osv-match.ts`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ImagePackage } from '../src/images/types.js';
import { buildDatabase, matchPackages, openDatabase } from '../src/images/vulns/index.js';
import { seededRandom } from './seeded-random.js';

interface Shape {
  ecosystem: string;
  version: (r: () => number) => string;
  fix: (version: string) => string;
  idPrefix: string;
}

const n = (r: () => number, max: number): number => Math.floor(r() * max);
const SHAPES: Shape[] = [
  { ecosystem: 'Debian:12', idPrefix: 'DEBIAN-CVE-2024-', version: (r) => `${n(r, 5)}.${n(r, 20)}.${n(r, 10)}-${1 + n(r, 5)}`, fix: (v) => `${v}+deb12u${1}` },
  { ecosystem: 'Alpine:v3.19', idPrefix: 'ALPINE-CVE-2024-', version: (r) => `${n(r, 5)}.${n(r, 20)}.${n(r, 10)}-r${n(r, 4)}`, fix: (v) => v.replace(/-r(\d+)$/, (_, d: string) => `-r${Number(d) + 1}`) },
  { ecosystem: 'npm', idPrefix: 'GHSA-npm-', version: (r) => `${n(r, 5)}.${n(r, 20)}.${n(r, 10)}`, fix: (v) => v.replace(/(\d+)$/, (d) => String(Number(d) + 1)) },
  { ecosystem: 'PyPI', idPrefix: 'PYSEC-2024-', version: (r) => `${n(r, 5)}.${n(r, 20)}.${n(r, 10)}`, fix: (v) => `${v}.post1` },
  { ecosystem: 'Go', idPrefix: 'GO-2024-', version: (r) => `${n(r, 2)}.${n(r, 30)}.${n(r, 10)}`, fix: (v) => v.replace(/(\d+)$/, (d) => String(Number(d) + 1)) },
  { ecosystem: 'Maven', idPrefix: 'GHSA-mvn-', version: (r) => `${n(r, 5)}.${n(r, 20)}.${n(r, 10)}`, fix: (v) => `${v}.1` },
];
const VECTORS = ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N'];

const nameOf = (shape: Shape, i: number): string => (shape.ecosystem === 'Maven' ? `org.example${i % 97}:artifact-${i}` : shape.ecosystem === 'Go' ? `example.com/mod${i}` : `pkg-${i}`);

function record(r: () => number, shape: Shape, index: number, names: number): Record<string, unknown> {
  const name = nameOf(shape, n(r, names));
  const low = shape.version(r);
  const events = r() < 0.2 ? [{ introduced: '0' }, { last_affected: low }] : [{ introduced: r() < 0.5 ? '0' : low }, { fixed: shape.fix(shape.version(r)) }];
  const cve = `CVE-2024-${100000 + index}`;
  return {
    schema_version: '1.6.0',
    id: `${shape.idPrefix}${index}`,
    modified: '2024-06-01T00:00:00Z',
    aliases: shape.idPrefix.startsWith('DEBIAN') || shape.idPrefix.startsWith('ALPINE') ? [] : [cve],
    upstream: shape.idPrefix.startsWith('DEBIAN') || shape.idPrefix.startsWith('ALPINE') ? [cve] : [],
    summary: `Generated vulnerability ${index} in ${name}`,
    severity: r() < 0.7 ? [{ type: 'CVSS_V3', score: VECTORS[n(r, VECTORS.length)] }] : [],
    affected: [{ package: { ecosystem: shape.ecosystem, name }, ranges: [{ type: shape.ecosystem === 'Go' ? 'SEMVER' : 'ECOSYSTEM', events }] }],
    references: [{ type: 'ADVISORY', url: `https://example.org/${index}` }],
  };
}

export interface OsvBenchResult {
  records: number;
  packages: number;
  buildMs: number;
  matchMs: number;
  matches: number;
  peakRssMb: number;
}

export async function runOsvMatchBench(outDir: string, records = 200_000, packages = 2_000): Promise<OsvBenchResult> {
  const r = seededRandom(8);
  const source = join(outDir, 'osv-source');
  const dbDir = join(outDir, 'osv-db');
  rmSync(source, { recursive: true, force: true });
  mkdirSync(source, { recursive: true });
  // ~5 records per package name, so a hit returns a handful of records as in real feeds.
  const names = Math.max(1, Math.floor(records / SHAPES.length / 5));
  const chunk: unknown[] = [];
  let file = 0;
  for (let i = 0; i < records; i++) {
    chunk.push(record(r, SHAPES[i % SHAPES.length] as Shape, i, names));
    if (chunk.length === 5000 || i === records - 1) {
      writeFileSync(join(source, `records-${String(file++).padStart(3, '0')}.json`), JSON.stringify(chunk));
      chunk.length = 0;
    }
  }
  const image: ImagePackage[] = Array.from({ length: packages }, (_, i) => {
    const shape = SHAPES[i % SHAPES.length] as Shape;
    const name = nameOf(shape, n(r, names * 2)); // about half the names have records
    const version = shape.ecosystem === 'Go' ? `v${shape.version(r)}` : shape.version(r);
    const distro = shape.ecosystem.includes(':');
    return { name: distro ? `lib${name}` : name, version, ecosystem: shape.ecosystem, purl: `pkg:generic/${name}@${version}`, foundIn: '/bench', ...(distro ? { sourceName: name } : {}) };
  });

  let start = performance.now();
  const built = await buildDatabase({ from: source, to: dbDir });
  const buildMs = performance.now() - start;
  if (built.errors > 0) throw new Error(`bench records refused: ${JSON.stringify(built.errorSamples.slice(0, 3))}`);
  const db = openDatabase(dbDir);
  start = performance.now();
  const matches = matchPackages(db, image);
  const matchMs = performance.now() - start;
  db.close();
  rmSync(source, { recursive: true, force: true });
  return { records: built.records, packages, buildMs, matchMs, matches: matches.length, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

export function printOsvBench(result: OsvBenchResult): void {
  console.log('');
  console.log(`OSV   ${result.records.toLocaleString('en-US')} records: build ${(result.buildMs / 1000).toFixed(2)} s`);
  console.log(
    `      match ${result.packages.toLocaleString('en-US')} packages: ${result.matchMs.toFixed(0)} ms, ${result.matches} matches (target ≤ 1 s: ${result.matchMs <= 1000 ? 'ok' : 'MISSED'});  peak RSS ${result.peakRssMb.toFixed(0)} MB`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printOsvBench(await runOsvMatchBench(new URL('./out/', import.meta.url).pathname, Number(process.env.BENCH_OSV_RECORDS ?? 200_000)));
}
