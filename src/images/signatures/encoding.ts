/** Strict decoding of the untrusted text fields signatures arrive in. */
import { createHash } from 'node:crypto';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 (padding required, whitespace refused), or undefined. Node's decoder skips junk silently. */
export function decodeBase64(text: unknown): Buffer | undefined {
  if (typeof text !== 'string' || text.length === 0 || !BASE64.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

export const sha256Digest = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON.parse that reports, instead of throwing, what it could not read. */
export function parseJson(bytes: Buffer, what: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch (error) {
    return { error: `${what} is not JSON: ${(error as Error).message}` };
  }
}
