// Signatures made outside our verifier (openssl CLI) on images pushed by skopeo to Debian's
// docker-registry, the signature manifests round-tripped through skopeo's own sigstore
// attachment copying, then verified through the registry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestKey, type TestKeyPair } from '../../../test/peers/signing-keys.js';
import {
  attachCosignSignatures,
  opensslSign,
  simpleSigningPayload,
  skopeoCopyWithSignatures,
  type OpensslScheme,
} from '../../../test/peers/signing-cosign.js';
import { attachAttestations, attachBundleReferrers, dsseEnvelope, inTotoStatement, keyBundle } from '../../../test/peers/signing-attach.js';
import { pushManifest, pushTestImage, startSigningRegistry, type SigningRegistry } from '../../../test/peers/signing-registry.js';
import { parsePublicKey, verifyImage, type PublicKey, type SignatureSource } from './index.js';

let registry: SigningRegistry;
const keys: Record<string, TestKeyPair> = {};
const pub = (name: string): PublicKey => parsePublicKey(keys[name]!.publicPem);

beforeAll(async () => {
  registry = await startSigningRegistry();
  keys.ecdsa = generateTestKey('ecdsa-p256');
  keys.other = generateTestKey('ecdsa-p256');
  keys.ed25519 = generateTestKey('ed25519');
  keys.rsa = generateTestKey('rsa');
}, 60_000);
afterAll(async () => registry?.stop());

async function signedImage(repo: string, keyName: string, scheme: OpensslScheme): Promise<string> {
  const digest = await pushTestImage(registry, `staging/${repo}`, 'v1', { 'etc/app': repo });
  const payload = simpleSigningPayload(`${registry.host}/${repo}:v1`, digest);
  const signature = await opensslSign(registry.workDir, keys[keyName]!.privateKey, scheme, payload);
  await attachCosignSignatures(registry, `staging/${repo}`, digest, [{ payload, signature: signature.toString('base64') }]);
  // skopeo reads our signature manifest and writes its own in the target repository.
  await skopeoCopyWithSignatures(registry, `staging/${repo}:v1`, `${repo}:v1`);
  return digest;
}

describe('cosign tag-layout signatures through the registry', () => {
  it('verifies with the matching key and names it; fails with another key', async () => {
    const digest = await signedImage('shop/api', 'ecdsa', 'ecdsa-sha256');
    const ok = await verifyImage(registry.source, 'shop/api', digest, { keys: [pub('other'), pub('ecdsa')] });
    expect(ok.verified).toBe(true);
    expect(ok.signatures).toEqual([
      { kind: 'cosign', source: `${digest.replace(':', '-')}.sig layers[0]`, verified: true, keyId: pub('ecdsa').keyId },
    ]);
    const bad = await verifyImage(registry.source, 'shop/api', digest, { keys: [pub('other')] });
    expect(bad.verified).toBe(false);
    expect(bad.reason).toBe('no signature verified');
    expect(bad.signatures[0]).toMatchObject({ verified: false, reason: 'signature does not verify with any given key' });
    const none = await verifyImage(registry.source, 'shop/api', digest, {});
    expect(none.signatures[0]).toMatchObject({ verified: false, reason: 'no key given' });
  });

  it.each([
    ['ed25519', 'ed25519'],
    ['rsa', 'rsa-pkcs1-sha256'],
    ['rsa', 'rsa-pss-sha256'],
  ] as const)('verifies %s keys (%s)', async (keyName, scheme) => {
    const digest = await signedImage(`algo/${scheme}`, keyName, scheme);
    const result = await verifyImage(registry.source, `algo/${scheme}`, digest, { keys: [pub('ecdsa'), pub(keyName)] });
    expect(result.verified).toBe(true);
    expect(result.signatures[0]?.keyId).toBe(pub(keyName).keyId);
  });

  it('rejects a valid signature of another image put at this image’s tag', async () => {
    const signed = await signedImage('swap/a', 'ecdsa', 'ecdsa-sha256');
    const other = await pushTestImage(registry, 'swap/a', 'v2', { 'etc/app': 'another image' });
    const sigManifest = await registry.source.manifest('swap/a', `${signed.replace(':', '-')}.sig`);
    await pushManifest(registry.host, 'swap/a', `${other.replace(':', '-')}.sig`, sigManifest!.bytes, sigManifest!.mediaType);
    const result = await verifyImage(registry.source, 'swap/a', other, { keys: [pub('ecdsa')] });
    expect(result.verified).toBe(false);
    expect(result.signatures[0]?.reason).toBe(`payload signs ${signed}, not this image`);
  });

  it('says "no signature" for an unsigned image', async () => {
    const digest = await pushTestImage(registry, 'plain/app', 'v1', { 'etc/app': 'unsigned' });
    const result = await verifyImage(registry.source, 'plain/app', digest, { keys: [pub('ecdsa')] });
    expect(result).toMatchObject({ verified: false, reason: 'no signature', signatures: [], attestations: [], errors: [] });
  });
});

describe('hostile signature manifests', () => {
  it('reports bad annotations, a payload for another digest and an oversized payload, and keeps the good one', async () => {
    const repo = 'hostile/app';
    const digest = await pushTestImage(registry, repo, 'v1', { 'etc/app': 'hostile' });
    const good = simpleSigningPayload(`${registry.host}/${repo}:v1`, digest);
    const goodSig = (await opensslSign(registry.workDir, keys.ecdsa!.privateKey, 'ecdsa-sha256', good)).toString('base64');
    const foreign = simpleSigningPayload(`${registry.host}/${repo}:v1`, `sha256:${'ab'.repeat(32)}`);
    const foreignSig = (await opensslSign(registry.workDir, keys.ecdsa!.privateKey, 'ecdsa-sha256', foreign)).toString('base64');
    const huge = Buffer.concat([good, Buffer.alloc(300 * 1024, 0x20)]);
    await attachCosignSignatures(registry, repo, digest, [
      { payload: good, signature: 'not base64!!' },
      { payload: Buffer.from('{"critical": 7}'), signature: goodSig },
      { payload: foreign, signature: foreignSig },
      { payload: huge, signature: goodSig },
      { payload: Buffer.from('\u0000\u0001garbage'), signature: goodSig },
      { payload: good, signature: goodSig },
    ]);
    const result = await verifyImage(registry.source, repo, digest, { keys: [pub('ecdsa')] });
    expect(result.verified).toBe(true);
    expect(result.signatures.map((s) => s.reason ?? 'ok')).toEqual([
      'annotation dev.cosignproject.cosign/signature is missing or not base64',
      'payload has no critical section',
      `payload signs sha256:${'ab'.repeat(32)}, not this image`,
      expect.stringMatching(/^payload: blob sha256:[0-9a-f]{64} declares 3\d{5} bytes, over the 262144-byte cap$/),
      expect.stringMatching(/^simple-signing payload is not JSON/),
      'ok',
    ]);
  });

  it('records unreadable signature manifests and lying blobs as errors and goes on', async () => {
    const repo = 'hostile/broken';
    const digest = await signedImage(repo, 'ecdsa', 'ecdsa-sha256');
    const sigTag = `${digest.replace(':', '-')}.sig`;
    // The registry validates what it stores, so a hostile registry is played by the source.
    const serving = (bytes: Buffer): SignatureSource => ({
      ...registry.source,
      manifest: async (r, ref) => (ref === sigTag ? { bytes, mediaType: 'application/vnd.oci.image.manifest.v1+json' } : registry.source.manifest(r, ref)),
    });
    for (const [bytes, error] of [
      [Buffer.from('{"schemaVersion":2,"layers":"nope"}'), `signature tag: manifest ${repo}:${sigTag} has no layers array (not an image manifest)`],
      [Buffer.from('{"layers":[{"mediaType":"x","digest":"sha256:zz","size":1}]}'), `signature tag: manifest ${repo}:${sigTag} layers[0].digest is not a sha256 digest`],
      [Buffer.alloc(5 * 1024 * 1024, 0x20), `signature tag: manifest ${repo}:${sigTag} is over 4194304 bytes`],
      [Buffer.from('\u00ff{'), expect.stringMatching(/^signature tag: manifest .* is not JSON/)],
    ] as const) {
      const result = await verifyImage(serving(bytes), repo, digest, { keys: [pub('ecdsa')] });
      expect(result).toMatchObject({ verified: false, reason: 'no signature', errors: [error] });
    }
    const lying: SignatureSource = { ...registry.source, blob: async (r, d, max) => Buffer.concat([await registry.source.blob(r, d, max), Buffer.from(' ')]) };
    const result = await verifyImage(lying, repo, digest, { keys: [pub('ecdsa')] });
    expect(result.verified).toBe(false);
    expect(result.signatures[0]?.reason).toMatch(/^payload: blob sha256:[0-9a-f]{64} does not match its digest$/);
  });
});

describe('attestations and bundles', () => {
  it('lists and verifies DSSE attestations in the .att tag', async () => {
    const repo = 'attest/app';
    const digest = await pushTestImage(registry, repo, 'v1', { 'etc/app': 'attested' });
    const good = await dsseEnvelope(registry.workDir, keys.ecdsa!.privateKey, 'ecdsa-sha256', inTotoStatement(digest, 'https://slsa.dev/provenance/v1'));
    const foreign = await dsseEnvelope(registry.workDir, keys.ecdsa!.privateKey, 'ecdsa-sha256', inTotoStatement(`sha256:${'cd'.repeat(32)}`, 'https://spdx.dev/Document'));
    await attachAttestations(registry, repo, digest, [Buffer.from(JSON.stringify(good)), Buffer.from(JSON.stringify(foreign)), Buffer.from('{"payload": 1}')]);
    const result = await verifyImage(registry.source, repo, digest, { keys: [pub('ecdsa')] });
    expect(result.reason).toBe('no signature');
    expect(result.attestations).toEqual([
      expect.objectContaining({ predicateType: 'https://slsa.dev/provenance/v1', subjects: [{ name: 'image', digest: { sha256: digest.slice(7) } }], verified: true, keyId: pub('ecdsa').keyId }),
      expect.objectContaining({ predicateType: 'https://spdx.dev/Document', verified: false, reason: 'statement subject does not name this image' }),
      expect.objectContaining({ verified: false, reason: 'DSSE envelope has no payloadType' }),
    ]);
    const other = await verifyImage(registry.source, repo, digest, { keys: [pub('other')] });
    expect(other.attestations[0]).toMatchObject({ verified: false, reason: 'envelope does not verify with any given key' });
  });

  it('verifies key-based Sigstore bundles found through the referrers fallback', async () => {
    const repo = 'bundle/app';
    const digest = await pushTestImage(registry, repo, 'v1', { 'etc/app': 'bundled' });
    const sign = await dsseEnvelope(registry.workDir, keys.ecdsa!.privateKey, 'ecdsa-sha256', inTotoStatement(digest, 'https://sigstore.dev/cosign/sign/v1'));
    const sbom = await dsseEnvelope(registry.workDir, keys.ed25519!.privateKey, 'ed25519', inTotoStatement(digest, 'https://cyclonedx.org/bom'));
    await attachBundleReferrers(registry, repo, digest, [keyBundle(sign, 'k1'), keyBundle(sbom, 'k2'), Buffer.from('{"mediaType": "nonsense"}')]);
    const result = await verifyImage(registry.source, repo, digest, { keys: [pub('ecdsa'), pub('ed25519')] });
    expect(result.verified).toBe(true);
    expect(result.signatures).toEqual([
      expect.objectContaining({ kind: 'sigstore-bundle', verified: true, keyId: pub('ecdsa').keyId }),
      expect.objectContaining({ kind: 'sigstore-bundle', verified: false, reason: expect.stringMatching(/^bundle: /) }),
    ]);
    expect(result.attestations).toEqual([
      expect.objectContaining({ predicateType: 'https://cyclonedx.org/bom', verified: true, keyId: pub('ed25519').keyId }),
    ]);
    const wrong = await verifyImage(registry.source, repo, digest, { keys: [pub('other')] });
    expect(wrong.verified).toBe(false);
    expect(wrong.signatures[0]).toMatchObject({ verified: false, reason: 'signature does not verify with any given key' });
  });
});
