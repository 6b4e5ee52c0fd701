/** Keyless identity constraints, as `cosign verify --certificate-identity[-regexp] --certificate-oidc-issuer`. */
import type { IdentityConstraint } from './result.js';

export interface SignerIdentity {
  subject?: string;
  issuer?: string;
}

/** Checks a policy's constraints up front, so a bad pattern is the user's error, not a failed signature. */
export function validateIdentities(identities: readonly IdentityConstraint[]): void {
  for (const [i, id] of identities.entries()) {
    if (!id.issuer) throw new Error(`identities[${i}]: issuer is required`);
    if (!id.subject === !id.subjectRegExp) throw new Error(`identities[${i}]: give exactly one of subject and subjectRegExp`);
    if (id.subjectRegExp) {
      try {
        new RegExp(id.subjectRegExp, 'u');
      } catch (error) {
        throw new Error(`identities[${i}].subjectRegExp: ${(error as Error).message}`);
      }
    }
  }
}

export function matchesIdentity(signer: SignerIdentity, identities: readonly IdentityConstraint[]): boolean {
  if (!signer.subject || !signer.issuer) return false;
  return identities.some((id) => {
    if (id.issuer !== signer.issuer) return false;
    if (id.subject !== undefined) return id.subject === signer.subject;
    // Anchored: an unanchored pattern would let `.*@example.com` match `x@example.com.evil`.
    return id.subjectRegExp !== undefined && new RegExp(`^(?:${id.subjectRegExp})$`, 'u').test(signer.subject ?? '');
  });
}
