/** What verification tells: per signature and attestation found, and overall. */
import type { PublicKey } from './keys.js';
import type { TrustedRootMaterial } from './trusted-root.js';

/** A keyless signer the user trusts: the certificate's OIDC issuer, and its SAN (email or URI). */
export interface IdentityConstraint {
  issuer: string;
  /** Exact SAN. */
  subject?: string;
  /** SAN pattern (JavaScript syntax), matched against the whole SAN. */
  subjectRegExp?: string;
}

export interface VerificationPolicy {
  keys?: PublicKey[];
  identities?: IdentityConstraint[];
  /**
   * From a Sigstore `trusted_root.json`: needed for keyless signatures, and makes transparency-log
   * entries of key-based bundles required and checked. Without it key-based signatures are
   * checked against the key alone (like `cosign verify --insecure-ignore-tlog`).
   */
  trustedRoot?: TrustedRootMaterial;
}

export type SignatureKind = 'cosign' | 'cosign-keyless' | 'sigstore-bundle';

export interface SignatureCheck {
  kind: SignatureKind;
  /** Where it was found: `sha256-<hex>.sig` layer n, or the referrer's manifest digest. */
  source: string;
  verified: boolean;
  keyId?: string;
  identity?: string;
  issuer?: string;
  reason?: string;
}

export interface AttestationSubject {
  name: string;
  digest: Record<string, string>;
}

export interface AttestationCheck {
  kind: 'cosign-attestation' | 'sigstore-bundle';
  source: string;
  predicateType?: string;
  subjects: AttestationSubject[];
  /** Signed by a trusted key or identity, over a statement naming this image. */
  verified: boolean;
  keyId?: string;
  identity?: string;
  issuer?: string;
  reason?: string;
}

export interface ImageVerification {
  digest: string;
  /** At least one signature verified. */
  verified: boolean;
  signatures: SignatureCheck[];
  attestations: AttestationCheck[];
  /** Why `verified` is false when no single signature says it (`no signature`). */
  reason?: string;
  /** Faults reading the registry (the rest went on). */
  errors: string[];
}
