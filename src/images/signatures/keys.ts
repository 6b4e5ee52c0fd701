/**
 * Public keys a user trusts (PEM), and raw signature checks with them: ECDSA (P-256/P-384, DER or
 * IEEE P1363 encoded, SHA-256), Ed25519, and RSA (PKCS#1 v1.5 or PSS, SHA-256), the key types
 * cosign signs with.
 */
import { constants, createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

export interface PublicKey {
  /** `sha256:<hex>` of the key's SubjectPublicKeyInfo DER: stable, and safe to print. */
  keyId: string;
  key: KeyObject;
}

export class KeyError extends Error {}

const SUPPORTED = new Set(['ec', 'ed25519', 'rsa', 'rsa-pss']);

/** Parses one PEM public key (`-----BEGIN PUBLIC KEY-----`, or an X.509 certificate's key). */
export function parsePublicKey(pem: string): PublicKey {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new KeyError(`not a PEM public key: ${(error as Error).message}`);
  }
  const type = key.asymmetricKeyType ?? 'unknown';
  if (!SUPPORTED.has(type)) throw new KeyError(`unsupported key type ${type} (ECDSA, Ed25519 and RSA are)`);
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (type === 'ec' && curve !== 'prime256v1' && curve !== 'secp384r1') throw new KeyError(`unsupported ECDSA curve ${curve ?? 'unknown'}`);
  return { keyId: keyIdOf(key), key };
}

export function keyIdOf(key: KeyObject): string {
  return `sha256:${createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

/** True when `signature` over `data` verifies with `key`; never throws on a malformed signature. */
export function verifyRaw(key: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    switch (key.asymmetricKeyType) {
      case 'ec':
        return (
          verify('sha256', data, key, signature) ||
          verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
        );
      case 'ed25519':
        return verify(null, data, key, signature);
      case 'rsa':
        return (
          verify('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature) ||
          verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature)
        );
      case 'rsa-pss':
        return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature);
      default:
        return false;
    }
  } catch {
    // A signature of the wrong length or encoding is a failed verification, not an error.
    return false;
  }
}

/** The first key that verifies, if any. */
export function findVerifyingKey(keys: readonly PublicKey[], data: Buffer, signature: Buffer): PublicKey | undefined {
  return keys.find((k) => verifyRaw(k.key, data, signature));
}
