/**
 * `verifyImage`: every signature and attestation an image has, in cosign's tag layout and as
 * Sigstore bundles among its referrers, each checked against the policy. A fault in one place
 * (an unreadable tag, a broken referrer) is recorded and the rest goes on.
 */
import { tagAttestations } from './attestations.js';
import { referrerBundles } from './bundles.js';
import { tagSignatures } from './cosign-tag.js';
import { DIGEST } from './encoding.js';
import { validateIdentities } from './identity.js';
import type { ImageVerification, VerificationPolicy } from './result.js';
import type { SignatureSource } from './source.js';

async function attempt<T>(what: string, errors: string[], fallback: T, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    errors.push(`${what}: ${(error as Error).message}`);
    return fallback;
  }
}

export async function verifyImage(
  source: SignatureSource,
  repository: string,
  digest: string,
  policy: VerificationPolicy,
): Promise<ImageVerification> {
  if (!DIGEST.test(digest)) throw new Error(`image digest ${digest} is not sha256:<64 hex>`);
  validateIdentities(policy.identities ?? []);
  const errors: string[] = [];
  const signatures = await attempt('signature tag', errors, [], () => tagSignatures(source, repository, digest, policy));
  const attestations = await attempt('attestation tag', errors, [], () => tagAttestations(source, repository, digest, policy));
  const bundles = await attempt('referrers', errors, { signatures: [], attestations: [], errors: [] }, () =>
    referrerBundles(source, repository, digest, policy),
  );
  signatures.push(...bundles.signatures);
  attestations.push(...bundles.attestations);
  errors.push(...bundles.errors);
  const verified = signatures.some((s) => s.verified);
  const result: ImageVerification = { digest, verified, signatures, attestations, errors };
  if (!verified) result.reason = signatures.length === 0 ? 'no signature' : 'no signature verified';
  return result;
}
