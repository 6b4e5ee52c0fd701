/**
 * Credentials recognisable by their shape alone, whatever they are assigned to: provider
 * prefixes that exist so leaked tokens can be found (AKIA…, ghp_…, glpat-…, xoxb-…), and JWTs.
 */

export type PatternKind =
  | 'aws-access-key-id'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'stripe-key'
  | 'google-api-key'
  | 'npm-token'
  | 'jwt';

export interface TokenPattern {
  kind: PatternKind;
  /** Global; group 1 is the credential. */
  regex: RegExp;
  validate?: (token: string) => boolean;
  /** The part of the token that may be shown (a public prefix), when more than the default. */
  visiblePrefix?: (token: string) => string;
}

const END = '(?![A-Za-z0-9_-])';

export const TOKEN_PATTERNS: readonly TokenPattern[] = [
  { kind: 'aws-access-key-id', regex: new RegExp(`\\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})${END}`, 'g') },
  { kind: 'github-token', regex: new RegExp(`\\b(gh[pousr]_[A-Za-z0-9]{36,255})${END}`, 'g') },
  { kind: 'github-token', regex: new RegExp(`\\b(github_pat_[A-Za-z0-9_]{22,255})${END}`, 'g') },
  { kind: 'gitlab-token', regex: new RegExp(`\\b(gl(?:pat|dt|rt|ptt|soat|agent|ft|imt|cbt)-[A-Za-z0-9_-]{20,})${END}`, 'g') },
  { kind: 'slack-token', regex: new RegExp(`\\b(xox[abposre]-[A-Za-z0-9-]{10,})${END}`, 'g') },
  {
    kind: 'slack-webhook',
    regex: /(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/]{20,})/g,
    visiblePrefix: (token) => /^https:\/\/hooks\.slack\.com\/\w+\//.exec(token)?.[0] ?? '',
  },
  { kind: 'stripe-key', regex: new RegExp(`\\b((?:sk|rk)_live_[A-Za-z0-9]{20,})${END}`, 'g') },
  { kind: 'google-api-key', regex: new RegExp(`\\b(AIza[0-9A-Za-z_-]{35})${END}`, 'g') },
  { kind: 'npm-token', regex: new RegExp(`\\b(npm_[A-Za-z0-9]{36})${END}`, 'g') },
  {
    kind: 'jwt',
    regex: new RegExp(`\\b(eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,})${END}`, 'g'),
    validate: isSignedJwt,
  },
];

/** Documentation values (AWS's …EXAMPLE keys, jwt.io's John Doe) and fill-ins are not leaks. */
export function looksLikeSampleToken(token: string): boolean {
  if (/EXAMPLE|SAMPLE|DUMMY|FAKE|PLACEHOLDER|X{6,}|0{8,}/i.test(token)) return true;
  const body = token.replace(/^[a-z]+[_-]|^[A-Z]{4}/, '');
  return new Set(body).size < 6;
}

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A JWT whose header parses and names an algorithm; jwt.io's sample token is left out. */
function isSignedJwt(token: string): boolean {
  const [header = '', payload = ''] = token.split('.');
  const decodedHeader = decodeSegment(header) as { alg?: unknown } | undefined;
  if (typeof decodedHeader?.alg !== 'string' || decodedHeader.alg.toLowerCase() === 'none') return false;
  const claims = decodeSegment(payload) as { sub?: unknown; name?: unknown } | undefined;
  return !(claims?.sub === '1234567890' && claims.name === 'John Doe');
}
