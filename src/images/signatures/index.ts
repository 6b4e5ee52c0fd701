/** Image signature and attestation verification: cosign tag layout and Sigstore bundles. */
export { verifyImage } from './verify-image.js';
export { parsePublicKey, KeyError, type PublicKey } from './keys.js';
export { parseTrustedRoot, type TrustedRootMaterial } from './trusted-root.js';
export type { Descriptor, FetchedManifest, SignatureSource } from './source.js';
export type {
  AttestationCheck,
  AttestationSubject,
  IdentityConstraint,
  ImageVerification,
  SignatureCheck,
  SignatureKind,
  VerificationPolicy,
} from './result.js';
