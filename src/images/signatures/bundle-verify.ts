/**
 * One Sigstore bundle checked with sigstore-js (`@sigstore/verify` 3, the last major that runs on
 * Node 20), then held to the policy: a trusted key for key-based bundles, a trusted root and an
 * identity constraint for keyless ones.
 */
import type { Bundle } from '@sigstore/bundle';
import { toSignedEntity, Verifier, type SignedEntity, type TrustMaterial, type VerifierOptions } from '@sigstore/verify';
import { matchesIdentity } from './identity.js';
import type { VerificationPolicy } from './result.js';
import { trustMaterialFor } from './trusted-root.js';

export interface BundleOutcome {
  verified: boolean;
  keyId?: string;
  identity?: string;
  issuer?: string;
  reason?: string;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const noKeys: TrustMaterial['publicKey'] = (hint) => {
  throw new Error(`no public key for hint ${hint}`);
};

/** `artifact` is what a message-signature bundle signs (ignored for DSSE bundles). */
export function verifyBundle(bundle: Bundle, artifact: Buffer | undefined, policy: VerificationPolicy): BundleOutcome {
  let entity: SignedEntity;
  try {
    entity = toSignedEntity(bundle, artifact);
  } catch (error) {
    return { verified: false, reason: `bundle: ${message(error)}` };
  }
  if (entity.key.$case === 'public-key') return verifyKeyBased(entity, policy);
  if (!policy.trustedRoot) return { verified: false, reason: 'keyless signature needs a trusted root' };
  let signer;
  try {
    signer = new Verifier(trustMaterialFor(policy.trustedRoot, noKeys)).verify(entity);
  } catch (error) {
    return { verified: false, reason: message(error) };
  }
  const identity = signer.identity?.subjectAlternativeName;
  const issuer = signer.identity?.extensions?.issuer;
  const who = { identity, issuer };
  if (!policy.identities?.length) return { verified: false, ...who, reason: 'keyless signature but no identity given' };
  if (!matchesIdentity({ subject: identity, issuer }, policy.identities)) {
    return { verified: false, ...who, reason: `signer ${identity ?? '?'} (issuer ${issuer ?? '?'}) matches no given identity` };
  }
  return { verified: true, ...who };
}

function verifyKeyBased(entity: SignedEntity, policy: VerificationPolicy): BundleOutcome {
  const keys = policy.keys ?? [];
  if (keys.length === 0) return { verified: false, reason: 'no key given' };
  // Without a trusted root there is nothing to check log entries against: trust the key alone,
  // as `cosign verify --key … --insecure-ignore-tlog` does, rather than fail every bundle.
  const target: SignedEntity = policy.trustedRoot ? entity : { ...entity, tlogEntries: [], timestamps: [] };
  const options: VerifierOptions = policy.trustedRoot
    ? { tlogThreshold: 1, ctlogThreshold: 0, timestampThreshold: 1 }
    : { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 };
  let reason = 'signature does not verify with any given key';
  for (const key of keys) {
    const material = trustMaterialFor(policy.trustedRoot, () => ({ publicKey: key.key, validFor: () => true }));
    try {
      new Verifier(material, options).verify(target);
      return { verified: true, keyId: key.keyId };
    } catch (error) {
      const text = message(error);
      // A signature failure is expected for the wrong key; anything else (log, timestamp) is worth telling.
      if (!/signature verification failed/.test(text)) reason = text;
    }
  }
  return { verified: false, reason };
}
