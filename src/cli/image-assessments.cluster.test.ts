/**
 * `scan cluster --scan-images` and `collect --scan-images` end to end: the fixture cluster
 * (fake Kubernetes API and AWS) whose pods run images pushed by skopeo to Debian's
 * docker-registry, reached through an authenticating proxy (credentials from Docker's
 * config.json; its log counts what was read), an OSV database built from records written to the
 * OSV schema, and a cosign signature made by the openssl CLI.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, K8sObject, ScanResult } from '../model/index.js';
import { podTemplateOf } from '../inventory/index.js';
import { buildDatabase } from '../images/vulns/index.js';
import { startFakeAws, type FakeAws } from '../../test/fakes/aws/index.js';
import { loadFixtureAccount } from '../../test/fixtures/account/aws/index.js';
import { loadFixtureCluster } from '../../test/fakes/kube/fixture-cluster.js';
import { writeFakeKubeconfig } from '../../test/fakes/kube/kubeconfig.js';
import { startFakeKube, type FakeKube } from '../../test/fakes/kube/server.js';
import { startAuthProxy, type AuthProxy } from '../../test/peers/auth-proxy.js';
import { buildImage, skopeoPush, writeOciLayout, type TestImage } from '../../test/peers/images.js';
import { freePort, startRegistry, type TestRegistry } from '../../test/peers/registry.js';
import { attachCosignSignatures, opensslSign, simpleSigningPayload } from '../../test/peers/signing-cosign.js';
import { generateTestKey } from '../../test/peers/signing-keys.js';
import { httpSource } from '../../test/peers/signing-registry.js';
import { run } from './test-support/run.js';

const CLUSTER = ['--name', 'prod', '--region', 'eu-west-1'];
const USER = { username: 'puller', password: 'pull-secret-1' };

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n';

/** Debian 12 dpkg status stanzas (Policy §5): openssl's binaries built from source `openssl`. */
const stanza = (name: string, version: string, source?: string) =>
  `Package: ${name}\nStatus: install ok installed\nPriority: optional\nSection: libs\nInstalled-Size: 100\nMaintainer: Debian <debian@lists.debian.org>\nArchitecture: amd64\n${source ? `Source: ${source}\n` : ''}Version: ${version}\nDescription: ${name}\n ${name} for the test image.\n`;
const API_STATUS = [stanza('base-files', '12.4+deb12u5'), stanza('libssl3', '3.0.11-1~deb12u2', 'openssl'), stanza('openssl', '3.0.11-1~deb12u2')].join('\n');
const BASE_STATUS = [stanza('base-files', '12.4+deb12u5'), stanza('zlib1g', '1:1.2.13.dfsg-1', 'zlib')].join('\n');

/** As osv.dev publishes Debian records: the source package under `Debian:12`, the CVE as upstream. */
const debianRecord = (id: string, cve: string, source: string, fixed: string, vector: string) => ({
  schema_version: '1.6.0',
  id,
  modified: '2024-09-18T03:22:09.117Z',
  published: '2024-06-27T11:15:24Z',
  upstream: [cve],
  details: `${cve} in ${source}.`,
  severity: [{ type: 'CVSS_V3', score: vector }],
  affected: [{ package: { name: source, ecosystem: 'Debian:12', purl: `pkg:deb/debian/${source}?arch=source` }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }],
  references: [{ type: 'ADVISORY', url: `https://security-tracker.debian.org/tracker/${cve}` }],
});
const RECORDS = {
  // 9.1: critical, fixed after the installed version.
  'DEBIAN-CVE-2024-5535.json': debianRecord('DEBIAN-CVE-2024-5535', 'CVE-2024-5535', 'openssl', '3.0.14-1~deb12u1', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H'),
  // 7.5: high only, so below the check's default threshold.
  'DEBIAN-CVE-2024-0727.json': debianRecord('DEBIAN-CVE-2024-0727', 'CVE-2024-0727', 'openssl', '3.0.13-1~deb12u1', 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H'),
  // zlib 1:1.2.13 is past the fix: the base image stays clean.
  'DEBIAN-CVE-2022-37434.json': debianRecord('DEBIAN-CVE-2022-37434', 'CVE-2022-37434', 'zlib', '1:1.2.11.dfsg-4.1', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'),
};

let registry: TestRegistry;
let proxy: AuthProxy;
let aws: FakeAws;
let kube: FakeKube;
let work: string;
let env: NodeJS.ProcessEnv;
let api: TestImage;
let deadPort: number;

/** The fixture cluster with every image replaced: two Deployments share the vulnerable image (by tag, by digest), one names a registry that is down, the rest a clean base. */
function rewriteImages(objects: readonly K8sObject[]): K8sObject[] {
  const copy = structuredClone(objects) as K8sObject[];
  for (const object of copy) {
    for (const { container } of podTemplateOf(object)?.containers ?? []) {
      const image = String(container.image ?? '');
      // Controllers' pods share their template's container objects, and a clone keeps the sharing.
      if (image.startsWith('127.0.0.1:')) continue;
      (container as { image: string }).image = image.includes('/shop/checkout:')
        ? `${proxy.host}/shop/api:v1`
        : image.includes('/shop/catalog:')
          ? `${proxy.host}/shop/api@${api.manifest.digest}`
          : image.includes('/shop/recommendations:')
            ? `127.0.0.1:${deadPort}/shop/recommendations:0.4.7`
            : `${proxy.host}/library/base:1`;
    }
  }
  return copy;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'eksguard-scan-images-'));
  registry = await startRegistry();
  proxy = await startAuthProxy({ upstream: registry.url, mode: 'basic', user: USER });
  deadPort = await freePort();

  api = await buildImage([[{ path: 'etc/os-release', content: OS_RELEASE }, { path: 'var/lib/dpkg/status', content: API_STATUS }], [{ path: 'srv/app/server.js', content: 'console.log(1)\n' }]]);
  const base = await buildImage([[{ path: 'usr/lib/os-release', content: OS_RELEASE }, { path: 'var/lib/dpkg/status', content: BASE_STATUS }]]);
  await writeOciLayout(join(work, 'api'), 'v1', [api]);
  await writeOciLayout(join(work, 'base'), '1', [base]);
  await skopeoPush(join(work, 'api'), 'v1', `${registry.host}/shop/api:v1`);
  await skopeoPush(join(work, 'base'), '1', `${registry.host}/library/base:1`);

  // The api image signed (cosign tag layout) by one key; the base image unsigned.
  const signer = generateTestKey('ecdsa-p256');
  const payload = simpleSigningPayload(`${proxy.host}/shop/api`, api.manifest.digest);
  const signature = await opensslSign(work, signer.privateKey, 'ecdsa-sha256', payload);
  const signing = { host: registry.host, workDir: work, source: httpSource(registry.host), stop: () => Promise.resolve() };
  await attachCosignSignatures(signing, 'shop/api', api.manifest.digest, [{ payload, signature: signature.toString('base64') }]);
  await writeFile(join(work, 'cosign.pub'), signer.publicPem);

  for (const [file, record] of Object.entries(RECORDS)) {
    await mkdir(join(work, 'osv-src'), { recursive: true });
    await writeFile(join(work, 'osv-src', file), JSON.stringify(record, null, 2));
  }
  await buildDatabase({ from: join(work, 'osv-src'), to: join(work, 'osv') });

  const home = join(work, 'home');
  await mkdir(join(home, '.docker'), { recursive: true });
  const auth = Buffer.from(`${USER.username}:${USER.password}`).toString('base64');
  await writeFile(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { [proxy.host]: { auth } } }));

  aws = await startFakeAws({ account: loadFixtureAccount() });
  const fixture = loadFixtureCluster();
  kube = await startFakeKube({ objects: rewriteImages(fixture.objects), configz: fixture.configz, token: 'fixture-token' });
  env = {
    HOME: home,
    KUBECONFIG: writeFakeKubeconfig(work, kube.url),
    AWS_ENDPOINT_URL: aws.url,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'fixture-secret',
  };
}, 120_000);

afterAll(async () => {
  await kube?.close();
  await aws?.close();
  await proxy?.close().catch(() => {});
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const label = (result: CheckResult): string =>
  `${result.resource.kind}/${result.resource.namespace ?? ''}/${result.resource.name}${result.container ? `:${result.container}` : ''}`;

function imageResults(result: ScanResult): string[] {
  return result.results
    .filter((entry) => entry.checkId === 'sc-image-vulns-critical' || (entry.checkId === 'sc-signature-not-verified' && entry.resource.kind !== 'EKSCluster'))
    .map((entry) => `${entry.checkId} ${entry.status} ${label(entry)} ${entry.message}`)
    .sort();
}

/** Layer blobs of the api image read through the proxy (answered 200). */
const apiLayerReads = () => proxy.log.filter((entry) => entry.status === 200 && api.layers.some((layer) => entry.path === `/v2/shop/api/blobs/${layer.digest}`)).length;

const IMAGE_FLAGS = ['--scan-images', '--image-db', '', '--verify-key', ''];
const imageFlags = () => IMAGE_FLAGS.map((flag, i) => (i === 2 ? join(work, 'osv') : i === 4 ? join(work, 'cosign.pub') : flag));

let fromCluster: ScanResult;

describe('scan cluster --scan-images', () => {
  it('reports critical vulnerabilities per workload, reading each distinct digest once', async () => {
    const report = join(work, 'cluster.json');
    const result = await run(['scan', 'cluster', ...CLUSTER, ...imageFlags(), '--fail-on', 'none', '-o', `json=${report}`], { env });
    expect(result.stderr).toMatch(/eksguard: images: \d+ references, \d+ images scanned, 1 could not be read/);
    expect(result.code).toBe(0);
    fromCluster = JSON.parse(readFileSync(report, 'utf8')) as ScanResult;
    const lines = imageResults(fromCluster);

    // Both Deployments run the api image (a tag and the digest): one finding each, the critical record only.
    for (const workload of ['Deployment/shop/checkout:api', 'Deployment/shop/catalog:api']) {
      const found = lines.filter((line) => line.startsWith(`sc-image-vulns-critical fail ${workload} `));
      expect(found, workload).toHaveLength(1);
      expect(found[0]).toContain('with 1 known critical vulnerabilities in libssl3, openssl: CVE-2024-5535 (critical, libssl3 3.0.11-1~deb12u2, fixed in 3.0.14-1~deb12u1)');
      expect(found[0]).not.toContain('CVE-2024-0727');
    }
    // Each layer of the shared image was downloaded once, though two workloads (two references) run it.
    expect(apiLayerReads()).toBe(api.layers.length);

    // The registry that is down: not evaluated, with the reason.
    const down = lines.filter((line) => line.includes('Deployment/shop/recommendations:model'));
    expect(down.length).toBeGreaterThan(0);
    for (const line of down) expect(line).toMatch(/not-evaluated .*could not be (scanned|read): .*127\.0\.0\.1/);

    // The clean base image gives no vulnerability finding; unsigned, it fails the signature check.
    expect(lines.filter((line) => line.startsWith('sc-image-vulns-critical fail') && !line.includes('Deployment/shop/checkout') && !line.includes('Deployment/shop/catalog'))).toEqual([]);
    expect(lines.some((line) => line.startsWith('sc-signature-not-verified fail Deployment/monitoring/grafana:grafana'))).toBe(true);
    // The signed api image verifies with the trusted key.
    expect(lines.filter((line) => line.startsWith('sc-signature-not-verified') && line.includes('Deployment/shop/checkout'))).toEqual([]);
  }, 120_000);

  it('works on manifests too: the images they name are read, and the image checks run', async () => {
    const manifest = join(work, 'deploy.yaml');
    await writeFile(
      manifest,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api, namespace: shop }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      initContainers: [{ name: init, image: "${proxy.host}/library/base:1" }]\n      containers: [{ name: api, image: "${proxy.host}/shop/api:v1" }]\n`,
    );
    const result = await run(['scan', 'manifests', manifest, '--scan-images', '--image-db', join(work, 'osv'), '--format', 'json', '--checks', 'sc-image-vulns-critical,sc-signature-not-verified', '--fail-on', 'high', '--no-store'], { env });
    expect(result.stderr).toBe('eksguard: images: 2 references, 2 images scanned\n');
    expect(result.code).toBe(1);
    const lines = imageResults(JSON.parse(result.stdout) as ScanResult);
    expect(lines.filter((line) => line.startsWith('sc-image-vulns-critical fail'))).toEqual([
      expect.stringMatching(/^sc-image-vulns-critical fail Deployment\/shop\/api:api Container "api" runs .* with 1 known critical vulnerabilities/),
    ]);
    // No key given: signatures were not checked, so no workload is judged on them.
    expect(lines.filter((line) => line.startsWith('sc-signature-not-verified'))).toEqual([]);
    expect(JSON.parse(result.stdout)).toMatchObject({ summary: { byStatus: { 'not-evaluated': 0 } } });
  }, 60_000);
});

describe('collect --scan-images → scan snapshot', () => {
  it('carries the image results, so the offline scan reports the same image findings', async () => {
    const reads = apiLayerReads();
    const snapshot = join(work, 'prod.snapshot.json.gz');
    const collected = await run(['collect', ...CLUSTER, ...imageFlags(), '-o', snapshot], { env });
    expect(collected.code).toBe(0);
    // The scan cache answered for the api image: its layers were not read again.
    expect(apiLayerReads()).toBe(reads);

    // Offline: the registry is gone.
    await proxy.close();
    const report = join(work, 'snapshot.json');
    const scanned = await run(['scan', 'snapshot', snapshot, '--fail-on', 'none', '-o', `json=${report}`], { env });
    expect(scanned.code).toBe(0);
    const fromSnapshot = JSON.parse(readFileSync(report, 'utf8')) as ScanResult;
    expect(imageResults(fromSnapshot)).toEqual(imageResults(fromCluster));
    expect(imageResults(fromSnapshot).filter((line) => line.startsWith('sc-image-vulns-critical fail'))).toHaveLength(2);
  }, 120_000);

  it('refuses image options without --scan-images, and a key file that is not there, before collecting', async () => {
    const stray = await run(['collect', ...CLUSTER, '--verify-key', 'cosign.pub', '-o', join(work, 'x.json')], { env });
    expect(stray).toMatchObject({ code: 2, stderr: 'eksguard: --verify-key needs --scan-images\n' });
    const missing = await run(['scan', 'cluster', ...CLUSTER, '--scan-images', '--verify-key', join(work, 'nope.pub')], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^eksguard: --verify-key .*nope\.pub: ENOENT/);
  });
});
