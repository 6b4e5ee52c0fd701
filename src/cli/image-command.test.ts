// `image scan|sbom|verify` and `db update` end to end: a Debian 12 image with an npm lockfile,
// pushed by skopeo to Debian's docker-registry on loopback; an OSV database built by `db update`
// from records written to the OSV schema; signatures made by the openssl CLI.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage, skopeoPush, writeOciLayout, type TestImage } from '../../test/peers/images.js';
import { startRegistry, type TestRegistry } from '../../test/peers/registry.js';
import { attachCosignSignatures, opensslSign, simpleSigningPayload } from '../../test/peers/signing-cosign.js';
import { generateTestKey } from '../../test/peers/signing-keys.js';
import { httpSource, type SigningRegistry } from '../../test/peers/signing-registry.js';
import { DEBIAN_STATUS, OS_RELEASE, OSV_RECORDS, PACKAGE_LOCK } from './image-command.test-data.js';
import { run } from './test-support/run.js';
import { errorsOf, imageScanValidator } from '../report/test-support/schemas.js';

const exec = promisify(execFile);

let registry: TestRegistry;
let work: string;
let env: NodeJS.ProcessEnv;
let image: TestImage;
let ref: string;

async function writeRecords(dir: string, records: Record<string, unknown>): Promise<void> {
  for (const [file, record] of Object.entries(records)) {
    await mkdir(join(dir, file, '..'), { recursive: true });
    await writeFile(join(dir, file), JSON.stringify(record, null, 2));
  }
}

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'eksguard-image-cli-'));
  env = { HOME: join(work, 'home') };
  image = await buildImage([
    [
      { path: 'etc/os-release', content: OS_RELEASE },
      { path: 'var/lib/dpkg/status', content: DEBIAN_STATUS },
    ],
    [{ path: 'app/package-lock.json', content: JSON.stringify(PACKAGE_LOCK, null, 2) }],
  ]);
  await writeOciLayout(join(work, 'layout'), 'v1', [image]);
  ref = `${registry.host}/shop/api:v1`;
  await skopeoPush(join(work, 'layout'), 'v1', ref);
  await writeRecords(join(work, 'osv'), OSV_RECORDS);
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const layerBytes = () => image.manifest.size + image.config.size + image.layers.reduce((sum, l) => sum + l.size, 0);

interface ScanJson {
  schemaVersion: number;
  database: { version: string; records: number } | null;
  digest: string;
  os: { id: string; versionId: string };
  packages: Array<{ name: string; version: string; ecosystem: string; sourceName?: string; sourceVersion?: string; purl: string; foundIn: string }>;
  vulnerabilities: Array<{ id: string; aliases: string[]; severity: string; package: { name: string; version: string }; fixedVersions: string[] }>;
  sizeBytes: number;
  bytesRead: number;
  summary: { packages: number; vulnerabilities: Record<string, number> };
}

describe('db update --from', () => {
  it('builds the database from a directory of OSV records', async () => {
    const result = await run(['db', 'update', '--from', join(work, 'osv')], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Vulnerability database .*\/home\/\.eksguard\/osv\/osv\.sqlite: 3 records, version [0-9a-f]{16} \(0 withdrawn skipped, 0 duplicates merged, 0 unreadable\)\n$/);
  });

  it('refuses a missing path with exit 2', async () => {
    const result = await run(['db', 'update', '--from', join(work, 'nowhere'), '--db', join(work, 'db-none')], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no such file or directory');
  });
});

describe('image scan', () => {
  beforeAll(async () => {
    // Its own database, so these tests do not depend on the db update tests having run first.
    const built = await run(['db', 'update', '--from', join(work, 'osv')], { env });
    if (built.code !== 0) throw new Error(`db update failed: ${built.stderr}`);
  });

  it('lists the packages and their vulnerabilities with fixed versions (JSON)', async () => {
    const result = await run(['image', 'scan', ref, '--format', 'json', '--no-cache'], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const scan = JSON.parse(result.stdout) as ScanJson;
    const validate = imageScanValidator();
    expect(validate(scan), errorsOf(validate)).toBe(true);
    expect(scan.schemaVersion).toBe(1);
    expect(scan.database?.records).toBe(3);
    expect(scan.digest).toBe(image.manifest.digest);
    expect(scan.os).toMatchObject({ id: 'debian', versionId: '12' });
    expect(scan.packages.map((p) => [p.name, p.version, p.ecosystem, p.sourceName, p.foundIn])).toEqual([
      // Files in path order, packages in file order.
      ['elliptic', '6.5.3', 'npm', undefined, '/app/package-lock.json'],
      ['bn.js', '4.12.0', 'npm', undefined, '/app/package-lock.json'],
      ['base-files', '12.4+deb12u2', 'Debian:12', 'base-files', '/var/lib/dpkg/status'],
      ['libssl3', '3.0.11-1~deb12u1', 'Debian:12', 'openssl', '/var/lib/dpkg/status'],
      ['openssl', '3.0.11-1~deb12u1', 'Debian:12', 'openssl', '/var/lib/dpkg/status'],
      ['zlib1g', '1:1.2.13.dfsg-1', 'Debian:12', 'zlib', '/var/lib/dpkg/status'],
    ]);
    expect(scan.packages.find((p) => p.name === 'libssl3')?.purl).toBe('pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12');
    expect(scan.vulnerabilities.map((v) => [v.severity, v.id, v.aliases, v.package.name, v.package.version, v.fixedVersions])).toEqual([
      ['high', 'CVE-2023-5363', ['DEBIAN-CVE-2023-5363'], 'libssl3', '3.0.11-1~deb12u1', ['3.0.11-1~deb12u2']],
      ['high', 'CVE-2023-5363', ['DEBIAN-CVE-2023-5363'], 'openssl', '3.0.11-1~deb12u1', ['3.0.11-1~deb12u2']],
      ['medium', 'CVE-2020-28498', ['GHSA-r9p9-mrjm-926w'], 'elliptic', '6.5.3', ['6.5.4']],
    ]);
    expect(scan.summary).toEqual({ packages: 6, vulnerabilities: { critical: 0, high: 2, medium: 1, low: 0, info: 0 } });
    expect(scan.bytesRead).toBe(layerBytes());
    expect(scan.sizeBytes).toBe(image.layers.reduce((sum, l) => sum + l.size, 0));
  });

  it('answers a second scan of the digest from the cache, reading only the manifest', async () => {
    const first = JSON.parse((await run(['image', 'scan', ref, '--format', 'json'], { env })).stdout) as ScanJson;
    const second = JSON.parse((await run(['image', 'scan', `${registry.host}/shop/api@${image.manifest.digest}`, '--format', 'json'], { env })).stdout) as ScanJson;
    expect(second.bytesRead).toBe(image.manifest.size);
    expect(second.vulnerabilities).toEqual(first.vulnerabilities);
    expect(second.packages).toEqual(first.packages);
    const again = JSON.parse((await run(['image', 'scan', ref, '--format', 'json', '--no-cache'], { env })).stdout) as ScanJson;
    expect(again.bytesRead).toBe(layerBytes());
  });

  it('prints a table: the image, then vulnerabilities worst first with installed and fixed versions', async () => {
    const result = await run(['image', 'scan', ref], { env });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual([`Image     ${ref}`, `Digest    ${image.manifest.digest}`, 'Platform  linux/amd64', 'OS        Debian GNU/Linux 12 (bookworm)', 'Packages  6']);
    expect(result.stdout).toContain('Vulnerabilities: 3 (2 high, 1 medium)');
    const rows = lines.filter((line) => /^(HIGH|MEDIUM|SEVERITY) /.test(line)).map((line) => line.split(/\s{2,}/));
    expect(rows).toEqual([
      ['SEVERITY', 'ID', 'PACKAGE', 'INSTALLED', 'FIXED IN'],
      ['HIGH', 'CVE-2023-5363', 'libssl3', '3.0.11-1~deb12u1', '3.0.11-1~deb12u2'],
      ['HIGH', 'CVE-2023-5363', 'openssl', '3.0.11-1~deb12u1', '3.0.11-1~deb12u2'],
      ['MEDIUM', 'CVE-2020-28498', 'elliptic', '6.5.3', '6.5.4'],
    ]);
  });

  it('exits 1 with --fail-on at or below the worst severity, 0 above it, 2 for a bad value', async () => {
    expect((await run(['image', 'scan', ref, '--fail-on', 'high'], { env })).code).toBe(1);
    expect((await run(['image', 'scan', ref, '--fail-on', 'medium', '-f', 'json'], { env })).code).toBe(1);
    expect((await run(['image', 'scan', ref, '--fail-on', 'critical'], { env })).code).toBe(0);
    const bad = await run(['image', 'scan', ref, '--fail-on', 'severe'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fail-on must be critical, high, medium, low, info or none');
  });

  it('without a database: says to run db update, still lists the packages; --fail-on is then an error', async () => {
    const noDb = ['--db', join(work, 'empty-db')];
    const result = await run(['image', 'scan', ref, ...noDb], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('no vulnerability database in');
    expect(result.stderr).toContain('run `eksguard db update`');
    expect(result.stdout).toMatch(/^libssl3\s+3\.0\.11-1~deb12u1\s+Debian:12\s+\/var\/lib\/dpkg\/status$/m);
    expect(result.stdout).not.toContain('Vulnerabilities');
    const gated = await run(['image', 'scan', ref, ...noDb, '--fail-on', 'high'], { env });
    expect(gated.code).toBe(2);
    expect(gated.stderr).toContain('--fail-on high needs a vulnerability database');
  });

  it('reads an OCI layout on disk too, and says what is missing for a wrong reference', async () => {
    const local = JSON.parse((await run(['image', 'scan', `oci:${join(work, 'layout')}:v1`, '-f', 'json', '--no-cache'], { env })).stdout) as ScanJson;
    expect(local.digest).toBe(image.manifest.digest);
    expect(local.vulnerabilities).toHaveLength(3);
    const missing = await run(['image', 'scan', `${registry.host}/shop/nothing:v1`], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/shop\/nothing:v1 manifest: not found/);
  });

  it('picks --platform from a multi-platform index, caches by that manifest, and warns about a broken package file', async () => {
    const amd64 = await buildImage([[{ path: 'etc/os-release', content: OS_RELEASE }]]);
    const arm64 = await buildImage(
      [
        [
          { path: 'etc/os-release', content: OS_RELEASE },
          { path: 'var/lib/dpkg/status', content: DEBIAN_STATUS.replaceAll('Architecture: amd64', 'Architecture: arm64') },
          { path: 'app/package-lock.json', content: '{"lockfileVersion": 3, "packages": ' },
        ],
      ],
      { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    );
    const index = await writeOciLayout(join(work, 'multi'), 'v2', [amd64, arm64]);
    const multi = `${registry.host}/shop/multi:v2`;
    await skopeoPush(join(work, 'multi'), 'v2', multi, true);
    const first = await run(['image', 'scan', multi, '--platform', 'linux/arm64', '-f', 'json'], { env });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^eksguard: warning: \/app\/package-lock\.json: .+\n$/);
    const scan = JSON.parse(first.stdout) as ScanJson & { platform: unknown; warnings: string[] };
    expect(scan.digest).toBe(arm64.manifest.digest);
    expect(scan.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(scan.packages.map((p) => p.name)).toEqual(['base-files', 'libssl3', 'openssl', 'zlib1g']);
    expect(scan.vulnerabilities.map((v) => `${v.id} ${v.package.name}`)).toEqual(['CVE-2023-5363 libssl3', 'CVE-2023-5363 openssl']);
    expect(scan.warnings).toHaveLength(1);
    // The hit needs only the index: the platform's digest is read from it.
    const second = JSON.parse((await run(['image', 'scan', multi, '--platform', 'linux/arm64', '-f', 'json'], { env })).stdout) as ScanJson;
    expect(second.digest).toBe(arm64.manifest.digest);
    expect(second.bytesRead).toBe(index.size);
    const other = JSON.parse((await run(['image', 'scan', multi, '-f', 'json'], { env })).stdout) as ScanJson;
    expect(other.digest).toBe(amd64.manifest.digest);
    expect(other.packages).toEqual([]);
  });

  it('writes CycloneDX and SPDX (scan -f, and image sbom -o)', async () => {
    const cdx = JSON.parse((await run(['image', 'scan', ref, '-f', 'cyclonedx'], { env })).stdout) as { bomFormat: string; components: Array<{ purl?: string }> };
    expect(cdx.bomFormat).toBe('CycloneDX');
    expect(cdx.components.map((c) => c.purl)).toContain('pkg:npm/elliptic@6.5.3');
    const out = join(work, 'out', 'sbom.spdx.json');
    const sbom = await run(['image', 'sbom', ref, '--format', 'spdx', '-o', out], { env });
    expect(sbom.code).toBe(0);
    expect(sbom.stdout).toBe('');
    const spdx = JSON.parse(await readFile(out, 'utf8')) as { spdxVersion: string; packages: Array<{ name: string; versionInfo?: string }> };
    expect(spdx.spdxVersion).toBe('SPDX-2.3');
    expect(spdx.packages.map((p) => `${p.name}@${p.versionInfo}`)).toEqual(expect.arrayContaining(['libssl3@3.0.11-1~deb12u1', 'elliptic@6.5.3']));
  });
});

describe('image verify', () => {
  const signer = generateTestKey('ecdsa-p256');
  const other = generateTestKey('ecdsa-p256');

  beforeAll(async () => {
    // A cosign tag-layout signature of the image, made by the openssl CLI.
    const signing: SigningRegistry = { host: registry.host, workDir: work, source: httpSource(registry.host), stop: () => Promise.resolve() };
    const payload = simpleSigningPayload(ref, image.manifest.digest);
    const signature = await opensslSign(work, signer.privateKey, 'ecdsa-sha256', payload);
    await attachCosignSignatures(signing, 'shop/api', image.manifest.digest, [{ payload, signature: signature.toString('base64') }]);
    await writeFile(join(work, 'cosign.pub'), signer.publicPem);
    await writeFile(join(work, 'other.pub'), other.publicPem);
  });

  it('exits 0 with the signing key and names it', async () => {
    const result = await run(['image', 'verify', ref, '--key', join(work, 'other.pub'), '--key', join(work, 'cosign.pub')], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Digest     ${image.manifest.digest}`);
    expect(result.stdout).toMatch(/^ {2}verified {6}cosign {2}sha256-[0-9a-f]{64}\.sig layers\[0\] {2}signed by key sha256:[0-9a-f]{64}$/m);
    expect(result.stdout).toContain('Result: verified');
  });

  it('exits 1 with another key, and says why', async () => {
    const result = await run(['image', 'verify', ref, '--key', join(work, 'other.pub'), '--format', 'json'], { env });
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout) as { verified: boolean; reason: string; signatures: Array<{ verified: boolean; reason: string }> };
    expect(doc).toMatchObject({ verified: false, reason: 'no signature verified' });
    expect(doc.signatures).toEqual([expect.objectContaining({ verified: false, reason: 'signature does not verify with any given key' })]);
  });

  it('exits 1 for an unsigned image, 2 without a key or with a bad one', async () => {
    await skopeoPush(join(work, 'layout'), 'v1', `${registry.host}/shop/unsigned:v1`);
    const unsigned = await run(['image', 'verify', `${registry.host}/shop/unsigned:v1`, '--key', join(work, 'cosign.pub')], { env });
    expect(unsigned.code).toBe(1);
    expect(unsigned.stdout).toContain('Result: NOT verified (no signature)');
    const noKey = await run(['image', 'verify', ref], { env });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('give --key FILE');
    const badKey = await run(['image', 'verify', ref, '--key', join(work, 'layout', 'index.json')], { env });
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain('--key');
    const keyless = await run(['image', 'verify', ref, '--identity', 'ci@example.com'], { env });
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toContain('--identity needs --issuer');
  });
});

describe('db update from a mirror', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    if (!existsSync('/usr/bin/zip')) throw new Error('/usr/bin/zip is missing: install Debian\'s zip package (scripts/install-test-peers.sh)');
    // An osv.dev-style npm/all.zip made by Info-ZIP: one record per entry at the archive root.
    const root = join(work, 'mirror');
    await mkdir(join(root, 'npm'), { recursive: true });
    const entries = Object.entries(OSV_RECORDS).filter(([file]) => file.startsWith('npm/'));
    for (const [file, record] of entries) await writeFile(join(root, 'npm', file.slice(4)), JSON.stringify(record));
    await exec('/usr/bin/zip', ['-q', '-j', join(root, 'npm', 'all.zip'), ...entries.map(([file]) => join(root, 'npm', file.slice(4)))]);
    const zip = await readFile(join(root, 'npm', 'all.zip'));
    server = createServer((req, res) => {
      if (req.url === '/osv/npm/all.zip') {
        res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
        res.end(zip);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/osv`;
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('downloads <ECOSYSTEM>/all.zip from --mirror and builds from it', async () => {
    const db = join(work, 'db-mirror');
    const result = await run(['db', 'update', '--mirror', base, '--ecosystem', 'npm', '--db', db], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Downloaded 1 ecosystem archives`);
    expect(result.stdout).toContain(': 1 records,');
    const scan = JSON.parse((await run(['image', 'scan', ref, '--db', db, '-f', 'json', '--no-cache'], { env })).stdout) as ScanJson;
    expect(scan.vulnerabilities.map((v) => v.id)).toEqual(['CVE-2020-28498']);
  });

  it('takes the mirror from EKSGUARD_OSV_MIRROR, and fails with exit 2 on a missing archive', async () => {
    const result = await run(['db', 'update', '--ecosystem', 'npm', '--ecosystem', 'Debian', '--db', join(work, 'db-env')], { env: { ...env, EKSGUARD_OSV_MIRROR: base } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${base}/Debian/all.zip: HTTP 404`);
    expect(existsSync(join(work, 'db-env', 'osv.sqlite'))).toBe(false);
  });
});
