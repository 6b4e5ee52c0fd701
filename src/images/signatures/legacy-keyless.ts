/**
 * Keyless signatures in cosign's legacy tag layout: the Fulcio certificate, its chain and the
 * Rekor entry (with its signed entry timestamp) sit in layer annotations. They are the material
 * of a v0.1 Sigstore bundle, so they are rebuilt as one and checked by the bundle verifier.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import { verifyBundle } from './bundle-verify.js';
import { decodeBase64, isRecord, parseJson } from './encoding.js';
import type { SignatureCheck, VerificationPolicy } from './result.js';
import type { Descriptor } from './source.js';

const CHAIN = 'dev.sigstore.cosign/chain';
const REKOR_BUNDLE = 'dev.sigstore.cosign/bundle';
const CERTIFICATE = 'dev.sigstore.cosign/certificate';

interface LegacyInput {
  check: SignatureCheck;
  layer: Descriptor;
  payload: Buffer;
  signature: Buffer;
  policy: VerificationPolicy;
}

function pemCertificates(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block).raw.toString('base64'));
}

function tlogEntry(annotation: string): Record<string, unknown> | string {
  const parsed = parseJson(Buffer.from(annotation), `annotation ${REKOR_BUNDLE}`);
  if ('error' in parsed) return parsed.error;
  const doc = parsed.value;
  const p = isRecord(doc) && isRecord(doc.Payload) ? doc.Payload : undefined;
  if (!isRecord(doc) || !p || typeof doc.SignedEntryTimestamp !== 'string') return `annotation ${REKOR_BUNDLE} lacks SignedEntryTimestamp or Payload`;
  const body = decodeBase64(p.body);
  const logId = typeof p.logID === 'string' && /^[0-9a-f]+$/.test(p.logID) ? Buffer.from(p.logID, 'hex') : undefined;
  if (!body || !logId || typeof p.integratedTime !== 'number' || typeof p.logIndex !== 'number') {
    return `annotation ${REKOR_BUNDLE} Payload is malformed`;
  }
  const entry = parseJson(body, 'Rekor entry body');
  if ('error' in entry || !isRecord(entry.value)) return 'Rekor entry body is not JSON';
  const { kind, apiVersion } = entry.value;
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return 'Rekor entry body has no kind/apiVersion';
  return {
    logIndex: String(p.logIndex),
    logId: { keyId: logId.toString('base64') },
    kindVersion: { kind, version: apiVersion },
    integratedTime: String(p.integratedTime),
    inclusionPromise: { signedEntryTimestamp: doc.SignedEntryTimestamp },
    canonicalizedBody: p.body,
  };
}

export function verifyLegacyKeyless({ check, layer, payload, signature, policy }: LegacyInput): SignatureCheck {
  const annotations = layer.annotations ?? {};
  try {
    const certificates = [...pemCertificates(annotations[CERTIFICATE] ?? ''), ...pemCertificates(annotations[CHAIN] ?? '')];
    if (certificates.length === 0) return { ...check, reason: `annotation ${CERTIFICATE} holds no certificate` };
    const entry = annotations[REKOR_BUNDLE] === undefined ? undefined : tlogEntry(annotations[REKOR_BUNDLE]);
    if (typeof entry === 'string') return { ...check, reason: entry };
    const bundle = bundleFromJSON({
      mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
      verificationMaterial: {
        x509CertificateChain: { certificates: certificates.map((rawBytes) => ({ rawBytes })) },
        tlogEntries: entry ? [entry] : [],
        timestampVerificationData: { rfc3161Timestamps: [] },
      },
      messageSignature: {
        messageDigest: { algorithm: 'SHA2_256', digest: createHash('sha256').update(payload).digest('base64') },
        signature: signature.toString('base64'),
      },
    });
    const outcome = verifyBundle(bundle, payload, policy);
    return { ...check, ...outcome };
  } catch (error) {
    return { ...check, reason: `keyless material: ${(error as Error).message}` };
  }
}
