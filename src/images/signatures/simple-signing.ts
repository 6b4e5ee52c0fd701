/**
 * The "simple signing" payload cosign signs for an image
 * (https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md, after containers/image's
 * atomic signature format): `critical.image.docker-manifest-digest` names what is signed.
 */
import { isRecord, parseJson } from './encoding.js';

export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
const COSIGN_TYPE = 'cosign container image signature';

export interface SimpleSigningPayload {
  manifestDigest: string;
  dockerReference?: string;
}

export function parseSimpleSigning(bytes: Buffer): SimpleSigningPayload | { error: string } {
  const parsed = parseJson(bytes, 'simple-signing payload');
  if ('error' in parsed) return parsed;
  const critical = isRecord(parsed.value) ? parsed.value.critical : undefined;
  if (!isRecord(critical)) return { error: 'payload has no critical section' };
  // containers/image's "atomic container signature" type is the same format under another name.
  if (critical.type !== COSIGN_TYPE && critical.type !== 'atomic container signature') {
    return { error: `payload critical.type is ${JSON.stringify(critical.type)}, not "${COSIGN_TYPE}"` };
  }
  const image = isRecord(critical.image) ? critical.image : {};
  const digest = image['docker-manifest-digest'];
  if (typeof digest !== 'string') return { error: 'payload has no critical.image.docker-manifest-digest' };
  const identity = isRecord(critical.identity) ? critical.identity['docker-reference'] : undefined;
  return { manifestDigest: digest, dockerReference: typeof identity === 'string' ? identity : undefined };
}
