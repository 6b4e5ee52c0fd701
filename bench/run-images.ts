/**
 * The image benchmark (issue "Image supply chain"): first the OSV matching benchmark (2,000
 * packages against 200,000 records, target ≤ 1 s), then a ~300 MB image — a Debian-like base
 * layer with a dpkg status of 400 packages, their shared libraries, docs and dpkg file lists, an
 * application layer with node_modules and its lockfile, and big binaries (random bytes: they
 * compress as badly as real executables and models do) — pushed by skopeo to Debian's
 * docker-registry on loopback and scanned, against the 200,000-record database, in a fresh
 * process. Measured: wall time, peak RSS (target ≤ 300 MB: layers are streamed, never held),
 * bytes read against the image size. `BENCH_ONLY=images` runs it alone.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { blob, sha256, skopeoPush, tarOf, type Blob, type LayerEntry } from '../test/peers/images.js';
import { startRegistry } from '../test/peers/registry.js';
import { printOsvBench, runOsvMatchBench } from './osv-match.js';
import { seededRandom } from './seeded-random.js';

const MB = 1024 * 1024;
const PACKAGES = 400;
const RSS_TARGET_MB = 300;

interface ImageMeasurement {
  ms: number;
  peakRssMb: number;
  bytesRead: number;
  sizeBytes: number;
  packages: number;
  vulnerabilities: number;
  warnings: number;
}

/** Package names as the OSV bench generates its Debian records (`pkg-<n>` sources), so some match. */
const OSV_NAMES = Math.floor(200_000 / 6 / 5);

function dpkgLayer(r: () => number): LayerEntry[] {
  const entries: LayerEntry[] = [
    { path: 'etc/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n' },
  ];
  const stanzas: string[] = [];
  for (let i = 0; i < PACKAGES; i++) {
    const source = `pkg-${Math.floor(r() * OSV_NAMES * 2)}`;
    const name = `lib${source}-${i}`;
    const version = `${Math.floor(r() * 5)}.${Math.floor(r() * 20)}.${Math.floor(r() * 10)}-${1 + Math.floor(r() * 5)}`;
    const lib = `usr/lib/x86_64-linux-gnu/${name}.so.1`;
    stanzas.push(
      [
        `Package: ${name}`,
        'Status: install ok installed',
        'Priority: optional',
        'Section: libs',
        `Installed-Size: ${100 + Math.floor(r() * 400)}`,
        'Maintainer: Debian Bench Team <bench@lists.debian.org>',
        'Architecture: amd64',
        'Multi-Arch: same',
        `Source: ${source}`,
        `Version: ${version}`,
        'Depends: libc6 (>= 2.34)',
        `Description: ${source} shared library`,
        ` This package provides the shared library of ${source}, generated for the`,
        ' eksguard image benchmark.',
      ].join('\n'),
    );
    entries.push({ path: `var/lib/dpkg/info/${name}:amd64.list`, content: `/.\n/usr\n/usr/lib\n/${lib}\n/usr/share/doc/${name}/copyright\n` });
    entries.push({ path: `var/lib/dpkg/info/${name}:amd64.md5sums`, content: `${'0'.repeat(32)}  ${lib}\n` });
    entries.push({ path: `usr/share/doc/${name}/copyright`, content: `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: ${source}\n\nFiles: *\nLicense: MIT\n${'Permission is hereby granted, free of charge, to any person obtaining a copy. '.repeat(12)}\n` });
    entries.push({ path: lib, content: randomBytes(120 * 1024), mode: 0o755 });
  }
  entries.push({ path: 'var/lib/dpkg/status', content: `${stanzas.join('\n\n')}\n` });
  return entries;
}

function appLayer(): LayerEntry[] {
  const entries: LayerEntry[] = [];
  const packages: Record<string, unknown> = { '': { name: 'bench-app', version: '1.0.0', dependencies: {} } };
  for (let i = 0; i < 300; i++) {
    const name = `bench-module-${i}`;
    packages[`node_modules/${name}`] = { version: `1.${i % 10}.0`, resolved: `https://registry.npmjs.org/${name}/-/${name}-1.${i % 10}.0.tgz`, license: 'MIT' };
    entries.push({ path: `app/node_modules/${name}/package.json`, content: JSON.stringify({ name, version: `1.${i % 10}.0`, main: 'index.js', license: 'MIT' }) });
    entries.push({ path: `app/node_modules/${name}/index.js`, content: `'use strict';\n${`module.exports.f${i} = function (a, b) { return a + b * ${i}; };\n`.repeat(300)}` });
  }
  entries.push({ path: 'app/package-lock.json', content: JSON.stringify({ name: 'bench-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }) });
  entries.push({ path: 'app/bin/server', content: randomBytes(50 * MB), mode: 0o755 });
  return entries;
}

function binariesLayer(dir: string, files: number, size: number): LayerEntry[] {
  return Array.from({ length: files }, (_, i) => ({ path: `${dir}/part-${i}.bin`, content: randomBytes(size) }));
}

/**
 * Writes the image as an OCI layout one layer at a time (a layer's tar and gzip are dropped
 * before the next is made), so building it never holds the whole image in memory.
 */
async function writeBenchImage(dir: string, tag: string): Promise<{ sizeBytes: number; layers: number }> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const write = (item: Blob) => writeFileSync(join(dir, 'blobs', 'sha256', item.digest.slice(7)), item.bytes);
  const r = seededRandom(300);
  const makers = [() => dpkgLayer(r), () => binariesLayer('usr/lib/jvm/lib', 10, 10 * MB), appLayer, () => binariesLayer('opt/models', 10, 10 * MB)];
  const layers: Array<Omit<Blob, 'bytes'>> = [];
  const diffIds: string[] = [];
  for (const make of makers) {
    const tar = await tarOf(make());
    diffIds.push(sha256(tar));
    const layer = blob(gzipSync(tar), 'application/vnd.oci.image.layer.v1.tar+gzip');
    write(layer);
    layers.push({ digest: layer.digest, size: layer.size, mediaType: layer.mediaType });
  }
  const config = blob(
    Buffer.from(
      JSON.stringify({
        created: '2024-01-01T00:00:00Z',
        os: 'linux',
        architecture: 'amd64',
        config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin'], Cmd: ['/app/bin/server'] },
        rootfs: { type: 'layers', diff_ids: diffIds },
        history: diffIds.map(() => ({ created: '2024-01-01T00:00:00Z', created_by: 'eksguard bench' })),
      }),
    ),
    'application/vnd.oci.image.config.v1+json',
  );
  write(config);
  const manifest = blob(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
        layers,
      }),
    ),
    'application/vnd.oci.image.manifest.v1+json',
  );
  write(manifest);
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [{ mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.size, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  return { sizeBytes: layers.reduce((sum, layer) => sum + layer.size, 0), layers: layers.length };
}

/**
 * Peak RSS of this process since its exec: `VmHWM` of /proc/self/status. `resourceUsage().maxRSS`
 * is not used here: Linux carries the parent's high-water mark across fork and exec into it, so a
 * child of this (large) bench process would report the parent's peak instead of its own.
 */
function peakRssMb(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // Not Linux: the portable figure, with its caveat.
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** The measured side, in a fresh process: one scan, nothing cached. */
async function measureScan(reference: string, dbDir: string): Promise<void> {
  const { scanImage } = await import('../src/images/scan-image.js');
  const { openDatabase } = await import('../src/images/vulns/index.js');
  const start = performance.now();
  const db = openDatabase(dbDir);
  const scan = await scanImage(reference, { db, dockerConfig: false, ecr: false });
  const ms = performance.now() - start;
  db.close();
  const result: ImageMeasurement = {
    ms,
    peakRssMb: peakRssMb(),
    bytesRead: scan.bytesRead,
    sizeBytes: scan.sizeBytes,
    packages: scan.packages.length,
    vulnerabilities: scan.vulnerabilities.length,
    warnings: scan.warnings?.length ?? 0,
  };
  console.log(JSON.stringify(result));
}

/** RSS of a fresh process that loads the same modules and does nothing: the floor under the scan's figure. */
function idleRssMb(): number {
  const out = execFileSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--idle'], { encoding: 'utf8' });
  return Number(out.trim().split('\n').pop());
}

export async function runImagesBench(outDir: string): Promise<void> {
  const osv = await runOsvMatchBench(outDir);
  printOsvBench(osv);

  const started = performance.now();
  const layout = join(outDir, 'image-layout');
  const built = await writeBenchImage(layout, 'bench');
  const buildMs = performance.now() - started;
  const registry = await startRegistry();
  try {
    const reference = `${registry.host}/bench/app:1`;
    const pushStart = performance.now();
    await skopeoPush(layout, 'bench', reference);
    const pushMs = performance.now() - pushStart;
    const out = execFileSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--measure', reference, join(outDir, 'osv-db')], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    const m = JSON.parse(out.trim().split('\n').pop() as string) as ImageMeasurement;
    const idle = idleRssMb();
    const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
    console.log('');
    console.log(`Image ${mb(built.sizeBytes)} MB compressed in ${built.layers} layers (built in ${(buildMs / 1000).toFixed(1)} s, pushed by skopeo in ${(pushMs / 1000).toFixed(1)} s) from docker-registry on loopback`);
    console.log(
      `      scan ${(m.ms / 1000).toFixed(2)} s = ${(m.sizeBytes / 1e6 / (m.ms / 1000)).toFixed(0)} MB/s;  ${m.packages} packages, ${m.vulnerabilities} vulnerabilities against ${osv.records.toLocaleString('en-US')} records${m.warnings > 0 ? `, ${m.warnings} warnings` : ''}`,
    );
    console.log(`      bytes read ${mb(m.bytesRead)} MB ÷ image size ${mb(m.sizeBytes)} MB = ${(m.bytesRead / m.sizeBytes).toFixed(3)}`);
    console.log(
      `      peak RSS ${m.peakRssMb.toFixed(0)} MB (a process loading the same modules idles at ${idle.toFixed(0)} MB) = ${(m.peakRssMb / (m.sizeBytes / MB)).toFixed(2)} × image size;  ≤ ${RSS_TARGET_MB} MB: ${m.peakRssMb <= RSS_TARGET_MB ? 'ok' : 'MISSED'}`,
    );
  } finally {
    await registry.stop();
    rmSync(layout, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--idle') {
  await import('../src/images/scan-image.js');
  await import('../src/images/vulns/index.js');
  console.log(peakRssMb());
} else if (process.argv[2] === '--measure' && process.argv[3] && process.argv[4]) {
  await measureScan(process.argv[3], process.argv[4]);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  await runImagesBench(new URL('./out/', import.meta.url).pathname);
}
