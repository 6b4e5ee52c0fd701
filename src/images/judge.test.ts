// The webhook's image judge against a real registry: a Debian 12 image pushed by skopeo, signed
// by the openssl CLI, matched against an OSV database built from schema-faithful records.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageJudge as AdmissionImageJudge } from '../admission/image-verdict-cache.js';
import { DEBIAN_STATUS, OS_RELEASE, OSV_RECORDS, PACKAGE_LOCK } from '../cli/image-command.test-data.js';
import { buildImage, skopeoPush, writeOciLayout, type TestImage } from '../../test/peers/images.js';
import { startRegistry, type TestRegistry } from '../../test/peers/registry.js';
import { attachCosignSignatures, opensslSign, simpleSigningPayload } from '../../test/peers/signing-cosign.js';
import { generateTestKey } from '../../test/peers/signing-keys.js';
import { httpSource } from '../../test/peers/signing-registry.js';
import { createImageJudge } from './judge.js';
import { parsePublicKey } from './signatures/index.js';
import { buildDatabase, openDatabase, ScanCache, type OsvDatabase } from './vulns/index.js';

let registry: TestRegistry;
let work: string;
let image: TestImage;
let db: OsvDatabase;
const signer = generateTestKey('ecdsa-p256');
const other = generateTestKey('ecdsa-p256');
const registryOptions = { dockerConfig: false as const, ecr: false as const };

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'eksguard-judge-'));
  image = await buildImage([
    [
      { path: 'etc/os-release', content: OS_RELEASE },
      { path: 'var/lib/dpkg/status', content: DEBIAN_STATUS },
      { path: 'app/package-lock.json', content: JSON.stringify(PACKAGE_LOCK) },
    ],
  ]);
  await writeOciLayout(join(work, 'layout'), 'v1', [image]);
  await skopeoPush(join(work, 'layout'), 'v1', `${registry.host}/shop/api:v1`);
  const payload = simpleSigningPayload(`${registry.host}/shop/api:v1`, image.manifest.digest);
  const signature = await opensslSign(work, signer.privateKey, 'ecdsa-sha256', payload);
  const signing = { host: registry.host, workDir: work, source: httpSource(registry.host), stop: () => Promise.resolve() };
  await attachCosignSignatures(signing, 'shop/api', image.manifest.digest, [{ payload, signature: signature.toString('base64') }]);
  for (const [file, record] of Object.entries(OSV_RECORDS)) {
    await mkdir(join(work, 'osv', file, '..'), { recursive: true });
    await writeFile(join(work, 'osv', file), JSON.stringify(record));
  }
  await buildDatabase({ from: join(work, 'osv'), to: join(work, 'db') });
  db = openDatabase(join(work, 'db'));
}, 60_000);

afterAll(async () => {
  db?.close();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('createImageJudge', () => {
  it('is the webhook’s ImageJudge, and judges signature and vulnerabilities by digest', async () => {
    const judge: AdmissionImageJudge = createImageJudge({
      signatures: { keys: [parsePublicKey(other.publicPem), parsePublicKey(signer.publicPem)] },
      vulnerabilities: { db, cache: new ScanCache(join(work, 'cache')) },
      registry: registryOptions,
    });
    const verdict = await judge.judge(`${registry.host}/shop/api:v1`);
    expect(verdict).toEqual({
      digest: image.manifest.digest,
      signature: { verified: true, signers: [parsePublicKey(signer.publicPem).keyId] },
      vulnerabilities: [
        { id: 'CVE-2023-5363', severity: 'high', package: 'libssl3', fixedVersions: ['3.0.11-1~deb12u2'] },
        { id: 'CVE-2023-5363', severity: 'high', package: 'openssl', fixedVersions: ['3.0.11-1~deb12u2'] },
        { id: 'CVE-2020-28498', severity: 'medium', package: 'elliptic', fixedVersions: ['6.5.4'] },
      ],
    });
  });

  it('says why a signature is not trusted, and checks only what the policy asks', async () => {
    const judge = createImageJudge({ signatures: { keys: [parsePublicKey(other.publicPem)] }, registry: registryOptions });
    expect(await judge.judge(`${registry.host}/shop/api@${image.manifest.digest}`)).toEqual({
      digest: image.manifest.digest,
      signature: { verified: false, reason: 'no signature verified' },
    });
  });

  it('answers an error, never throws, for an image it cannot read', async () => {
    const judge = createImageJudge({ vulnerabilities: { db }, registry: registryOptions });
    const verdict = await judge.judge(`${registry.host}/shop/missing:v1`);
    expect(verdict.digest).toBeUndefined();
    expect(verdict.error).toMatch(/shop\/missing:v1 manifest: not found/);
    expect((await judge.judge('Not A Reference')).error).toBeDefined();
  });
});
