/**
 * DSSE envelopes (https://github.com/secure-systems-lab/dsse/blob/master/envelope.md) carrying
 * in-toto statements (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md).
 */
import { decodeBase64, isRecord, parseJson } from './encoding.js';
import { findVerifyingKey, type PublicKey } from './keys.js';
import type { AttestationSubject } from './result.js';

export const DSSE_MEDIA_TYPE = 'application/vnd.dsse.envelope.v1+json';
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface Envelope {
  payloadType: string;
  payload: Buffer;
  signatures: Buffer[];
}

export interface Statement {
  predicateType?: string;
  subjects: AttestationSubject[];
}

export function parseEnvelope(bytes: Buffer): Envelope | { error: string } {
  const parsed = parseJson(bytes, 'DSSE envelope');
  if ('error' in parsed) return parsed;
  const doc = parsed.value;
  if (!isRecord(doc) || typeof doc.payloadType !== 'string') return { error: 'DSSE envelope has no payloadType' };
  const payload = decodeBase64(doc.payload);
  if (!payload) return { error: 'DSSE envelope payload is not base64' };
  if (!Array.isArray(doc.signatures)) return { error: 'DSSE envelope has no signatures array' };
  const signatures: Buffer[] = [];
  for (const [i, s] of doc.signatures.entries()) {
    const sig = isRecord(s) ? decodeBase64(s.sig) : undefined;
    if (!sig) return { error: `DSSE envelope signatures[${i}].sig is not base64` };
    signatures.push(sig);
  }
  return { payloadType: doc.payloadType, payload, signatures };
}

/** The pre-authentication encoding every DSSE signature is over. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

export function verifyEnvelope(envelope: Envelope, keys: readonly PublicKey[]): PublicKey | undefined {
  const signed = pae(envelope.payloadType, envelope.payload);
  for (const sig of envelope.signatures) {
    const key = findVerifyingKey(keys, signed, sig);
    if (key) return key;
  }
  return undefined;
}

export function parseStatement(payloadType: string, payload: Buffer): Statement | { error: string } {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) return { error: `payloadType is ${payloadType}, not ${IN_TOTO_PAYLOAD_TYPE}` };
  const parsed = parseJson(payload, 'in-toto statement');
  if ('error' in parsed) return parsed;
  const doc = parsed.value;
  if (!isRecord(doc) || !Array.isArray(doc.subject)) return { error: 'in-toto statement has no subject array' };
  const subjects: AttestationSubject[] = [];
  for (const s of doc.subject) {
    if (!isRecord(s) || !isRecord(s.digest)) continue;
    const digest: Record<string, string> = {};
    for (const [alg, value] of Object.entries(s.digest)) if (typeof value === 'string') digest[alg] = value;
    subjects.push({ name: typeof s.name === 'string' ? s.name : '', digest });
  }
  return { predicateType: typeof doc.predicateType === 'string' ? doc.predicateType : undefined, subjects };
}

/** Whether a statement is about the image `sha256:<hex>`. */
export function namesDigest(statement: Statement, digest: string): boolean {
  const hex = digest.slice('sha256:'.length);
  return statement.subjects.some((s) => s.digest.sha256 === hex);
}
