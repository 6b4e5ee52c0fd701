import type { PolicyDocument, Wire } from '../../model/index.js';

/**
 * An SDK response value as a snapshot keeps it: Dates as ISO-8601 strings, the SDK's
 * `$metadata` and undefined members dropped.
 */
export function toWire<T>(value: T): Wire<T> {
  return convert(value) as Wire<T>;
}

function convert(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(convert);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      if (entry === undefined || key === '$metadata') continue;
      Object.defineProperty(out, key, { value: convert(entry), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

export class PolicyParseError extends Error {
  override readonly name = 'MalformedPolicyDocument';
}

/**
 * IAM returns policy documents URL-encoded (RFC 3986); ECR returns plain JSON. A document that
 * does not parse throws, so the caller records it instead of storing nothing silently.
 */
export function parsePolicyDocument(text: string, urlEncoded: boolean): PolicyDocument {
  let json = text;
  if (urlEncoded) {
    try {
      json = decodeURIComponent(text);
    } catch {
      json = text;
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new PolicyParseError(`policy document is not JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new PolicyParseError('policy document is not a JSON object');
  }
  return parsed;
}

/** `arn:aws:iam::111122223333:role/path/name` → `{ accountId, name }`; undefined for other ARNs. */
export function parseRoleArn(arn: string): { accountId: string; name: string } | undefined {
  const match = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  return match ? { accountId: match[1] as string, name: match[2] as string } : undefined;
}
