/**
 * Cosign's legacy tag layout: the signatures of image `sha256:<hex>` live in the same repository
 * at tag `sha256-<hex>.sig`, one simple-signing layer each with its signature in an annotation
 * (https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md).
 */
import { decodeBase64 } from './encoding.js';
import { findVerifyingKey } from './keys.js';
import { LIMITS } from './limits.js';
import { cosignTag, fetchBlob, fetchManifest } from './manifests.js';
import type { SignatureCheck, VerificationPolicy } from './result.js';
import { parseSimpleSigning, SIMPLE_SIGNING_MEDIA_TYPE } from './simple-signing.js';
import type { Descriptor, SignatureSource } from './source.js';
import { verifyLegacyKeyless } from './legacy-keyless.js';

export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
export const CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';

export async function tagSignatures(
  source: SignatureSource,
  repository: string,
  digest: string,
  policy: VerificationPolicy,
): Promise<SignatureCheck[]> {
  const tag = cosignTag(digest, 'sig');
  const manifest = await fetchManifest(source, repository, tag);
  if (!manifest) return [];
  const checks: SignatureCheck[] = [];
  for (const [i, layer] of manifest.layers.entries()) {
    if (layer.mediaType !== SIMPLE_SIGNING_MEDIA_TYPE) continue;
    checks.push(await checkLayer(source, repository, digest, layer, `${tag} layers[${i}]`, policy));
  }
  return checks;
}

async function checkLayer(
  source: SignatureSource,
  repository: string,
  digest: string,
  layer: Descriptor,
  where: string,
  policy: VerificationPolicy,
): Promise<SignatureCheck> {
  const keyless = layer.annotations?.[CERTIFICATE_ANNOTATION] !== undefined;
  const check: SignatureCheck = { kind: keyless ? 'cosign-keyless' : 'cosign', source: where, verified: false };
  const fail = (reason: string): SignatureCheck => ({ ...check, reason });
  const signature = decodeBase64(layer.annotations?.[SIGNATURE_ANNOTATION]);
  if (!signature) return fail(`annotation ${SIGNATURE_ANNOTATION} is missing or not base64`);
  let payload: Buffer;
  try {
    payload = await fetchBlob(source, repository, layer, LIMITS.payloadBytes);
  } catch (error) {
    return fail(`payload: ${(error as Error).message}`);
  }
  const parsed = parseSimpleSigning(payload);
  if ('error' in parsed) return fail(parsed.error);
  // A valid signature over another image's payload must not vouch for this one.
  if (parsed.manifestDigest !== digest) return fail(`payload signs ${parsed.manifestDigest}, not this image`);
  const key = findVerifyingKey(policy.keys ?? [], payload, signature);
  if (key) return { ...check, verified: true, keyId: key.keyId };
  if (keyless) return verifyLegacyKeyless({ check, layer, payload, signature, policy });
  return fail(policy.keys?.length ? 'signature does not verify with any given key' : 'no key given');
}
