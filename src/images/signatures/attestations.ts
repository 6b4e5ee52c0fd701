/**
 * Cosign attestations in the legacy tag layout: DSSE envelopes, one per layer of the manifest at
 * tag `sha256-<hex>.att`, each carrying an in-toto statement about the image.
 */
import { DSSE_MEDIA_TYPE, namesDigest, parseEnvelope, parseStatement, verifyEnvelope } from './dsse.js';
import { LIMITS } from './limits.js';
import { cosignTag, fetchBlob, fetchManifest } from './manifests.js';
import type { AttestationCheck, VerificationPolicy } from './result.js';
import type { SignatureSource } from './source.js';

export async function tagAttestations(
  source: SignatureSource,
  repository: string,
  digest: string,
  policy: VerificationPolicy,
): Promise<AttestationCheck[]> {
  const tag = cosignTag(digest, 'att');
  const manifest = await fetchManifest(source, repository, tag);
  if (!manifest) return [];
  const checks: AttestationCheck[] = [];
  for (const [i, layer] of manifest.layers.entries()) {
    if (layer.mediaType !== DSSE_MEDIA_TYPE) continue;
    const check: AttestationCheck = { kind: 'cosign-attestation', source: `${tag} layers[${i}]`, subjects: [], verified: false };
    let bytes: Buffer;
    try {
      bytes = await fetchBlob(source, repository, layer, LIMITS.envelopeBytes);
    } catch (error) {
      checks.push({ ...check, reason: `envelope: ${(error as Error).message}` });
      continue;
    }
    const envelope = parseEnvelope(bytes);
    if ('error' in envelope) {
      checks.push({ ...check, reason: envelope.error });
      continue;
    }
    const statement = parseStatement(envelope.payloadType, envelope.payload);
    if ('error' in statement) {
      checks.push({ ...check, reason: statement.error });
      continue;
    }
    const listed = { ...check, predicateType: statement.predicateType, subjects: statement.subjects };
    if (!namesDigest(statement, digest)) {
      checks.push({ ...listed, reason: 'statement subject does not name this image' });
      continue;
    }
    const key = verifyEnvelope(envelope, policy.keys ?? []);
    checks.push(
      key
        ? { ...listed, verified: true, keyId: key.keyId }
        : { ...listed, reason: policy.keys?.length ? 'envelope does not verify with any given key' : 'no key given' },
    );
  }
  return checks;
}
