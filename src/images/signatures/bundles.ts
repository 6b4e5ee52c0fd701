/**
 * Sigstore bundles attached to an image through the referrers API (cosign's and sigstore-go's
 * newer layout): a manifest whose `subject` is the image, `artifactType` a bundle media type,
 * and one layer holding the bundle JSON. A bundle is a signature when it signs the image
 * manifest (a message signature, or DSSE with cosign's `https://sigstore.dev/cosign/sign/v1`
 * predicate), and an attestation otherwise.
 */
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { HashAlgorithm } from '@sigstore/protobuf-specs';
import { verifyBundle } from './bundle-verify.js';
import { namesDigest, parseStatement, type Statement } from './dsse.js';
import { parseJson, sha256Digest } from './encoding.js';
import { LIMITS } from './limits.js';
import { fetchBlob, fetchManifest } from './manifests.js';
import type { AttestationCheck, SignatureCheck, VerificationPolicy } from './result.js';
import type { SignatureSource } from './source.js';

const BUNDLE_TYPES = /^application\/vnd\.dev\.sigstore\.bundle(?:\.v0\.[123]\+json|\+json;version=0\.[123])$/;
export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';

export interface BundleFindings {
  signatures: SignatureCheck[];
  attestations: AttestationCheck[];
  errors: string[];
}

export async function referrerBundles(
  source: SignatureSource,
  repository: string,
  digest: string,
  policy: VerificationPolicy,
): Promise<BundleFindings> {
  const found: BundleFindings = { signatures: [], attestations: [], errors: [] };
  const referrers = (await source.referrers(repository, digest)).slice(0, LIMITS.entries);
  for (const referrer of referrers) {
    // The fallback index may omit artifactType; then the manifest itself says.
    if (referrer.artifactType !== undefined && !BUNDLE_TYPES.test(referrer.artifactType)) continue;
    try {
      const manifest = await fetchManifest(source, repository, referrer.digest);
      if (!manifest) continue;
      const layer = manifest.layers.find((l) => BUNDLE_TYPES.test(l.mediaType));
      if (!layer || !BUNDLE_TYPES.test(manifest.artifactType ?? referrer.artifactType ?? manifest.configMediaType ?? layer.mediaType)) continue;
      const bytes = await fetchBlob(source, repository, layer, LIMITS.envelopeBytes);
      await classify(source, repository, digest, referrer.digest, bytes, policy, found);
    } catch (error) {
      found.errors.push(`referrer ${referrer.digest}: ${(error as Error).message}`);
    }
  }
  return found;
}

async function classify(
  source: SignatureSource,
  repository: string,
  digest: string,
  where: string,
  bytes: Buffer,
  policy: VerificationPolicy,
  found: BundleFindings,
): Promise<void> {
  const parsed = parseJson(bytes, 'bundle');
  let bundle: Bundle;
  try {
    if ('error' in parsed) throw new Error(parsed.error);
    bundle = bundleFromJSON(parsed.value);
  } catch (error) {
    found.signatures.push({ kind: 'sigstore-bundle', source: where, verified: false, reason: `bundle: ${(error as Error).message}` });
    return;
  }
  const content = bundle.content;
  if (content.$case === 'messageSignature') {
    const check: SignatureCheck = { kind: 'sigstore-bundle', source: where, verified: false };
    const signed = content.messageSignature.messageDigest;
    if (!signed || signed.algorithm !== HashAlgorithm.SHA2_256 || `sha256:${Buffer.from(signed.digest).toString('hex')}` !== digest) {
      found.signatures.push({ ...check, reason: 'bundle signs another artifact, not this image' });
      return;
    }
    // A message signature is over the manifest bytes themselves.
    const image = await source.manifest(repository, digest);
    if (!image || sha256Digest(image.bytes) !== digest) {
      found.signatures.push({ ...check, reason: 'image manifest could not be read to check the bundle against' });
      return;
    }
    found.signatures.push({ ...check, ...verifyBundle(bundle, image.bytes, policy) });
    return;
  }
  const envelope = content.dsseEnvelope;
  const statement = parseStatement(envelope.payloadType, Buffer.from(envelope.payload));
  if ('error' in statement) {
    found.attestations.push({ kind: 'sigstore-bundle', source: where, subjects: [], verified: false, reason: statement.error });
    return;
  }
  const outcome = verifyDsseBundle(bundle, statement, digest, policy);
  if (statement.predicateType === COSIGN_SIGN_PREDICATE) {
    found.signatures.push({ kind: 'sigstore-bundle', source: where, ...outcome });
  } else {
    found.attestations.push({ kind: 'sigstore-bundle', source: where, predicateType: statement.predicateType, subjects: statement.subjects, ...outcome });
  }
}

function verifyDsseBundle(bundle: Bundle, statement: Statement, digest: string, policy: VerificationPolicy): ReturnType<typeof verifyBundle> {
  if (!namesDigest(statement, digest)) return { verified: false, reason: 'statement subject does not name this image' };
  return verifyBundle(bundle, undefined, policy);
}
