/**
 * Webhook URLs are credentials (a Slack incoming-webhook URL is the only secret needed to post
 * to the channel), and so are Authorization values: everything a sink prints goes through here.
 */

/**
 * Routing words (`services`, `hooks`, `api`, `v1`) are short lower-case words, at most with a
 * version number; anything else in a path (`T0A1B2C3D4`, a hex token) may be a secret.
 */
const ROUTING_SEGMENT = /^[a-z]+(?:[-_][a-z]+)*[0-9]{0,2}$/;
const ROUTING_SEGMENT_MAX_CHARS = 16;
const VISIBLE_SECRET_CHARS = 4;
/**
 * A path segment shorter than this is only masked as part of the path: replacing short strings
 * everywhere would garble messages (`B2` is a segment and also ordinary text).
 */
const MIN_SEGMENT_SECRET_CHARS = 8;
/** Query values and credentials shorter than this are flags (`format=json`), not secrets. */
const MIN_VALUE_SECRET_CHARS = 6;

function isRoutingSegment(segment: string): boolean {
  return segment.length <= ROUTING_SEGMENT_MAX_CHARS && ROUTING_SEGMENT.test(segment);
}

/**
 * `https://hooks.slack.com/services/T0000/B0000/XXXX` → `https://hooks.slack.com/services/T000…`:
 * scheme, host and a leading routing word stay readable, then four characters of what follows.
 * User info, query and fragment are never shown.
 */
export function maskUrl(url: URL): string {
  const origin = `${url.protocol}//${url.host}`;
  const path = url.pathname === '/' ? '' : url.pathname;
  const hidden = url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '';
  if (path === '') return hidden ? `${origin}/…` : origin;
  const [, first = '', ...rest] = path.split('/');
  const routing = isRoutingSegment(first) ? `/${first}` : '';
  const remainder = routing ? rest.join('/') : path.slice(1);
  if (remainder === '') return hidden ? `${origin}${routing}…` : `${origin}${routing}`;
  const shown = remainder.slice(0, VISIBLE_SECRET_CHARS);
  return `${origin}${routing}/${shown}…`;
}

/** `abcdef…` → `abc…`: a long credential keeps three characters to tell tokens apart, a short one none. */
function maskCredential(credential: string): string {
  return `${credential.length > 12 ? credential.slice(0, 3) : ''}…`;
}

/** `Bearer abcdef…` → `Bearer abc…`: the scheme word stays, the credential does not. */
export function maskHeaderValue(value: string): string {
  const match = /^(\S+)\s+(\S.*)$/.exec(value);
  return match ? `${match[1]} ${maskCredential(match[2]!)}` : maskCredential(value);
}

function decoded(text: string, plusIsSpace = false): string {
  try {
    return decodeURIComponent(plusIsSpace ? text.replace(/\+/g, ' ') : text);
  } catch {
    return text;
  }
}

/** A secret as it was configured, percent-decoded, and percent-encoded: servers echo any of them. */
function spellings(raw: string, plusIsSpace = false): string[] {
  const plain = decoded(raw, plusIsSpace);
  return [raw, plain, encodeURIComponent(plain)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes the secrets of one destination from a message that may quote them, such as an error
 * body a server echoed back: the whole URL, its path, each secret-looking path segment, each
 * query value and the user info; each header value and its credential after a scheme word; all
 * of them also percent-encoded and decoded. Matching ignores case so `%2f` is caught like `%2F`.
 */
export function redactor(url: URL, headerValues: readonly string[] = []): (message: string) => string {
  const masks = new Map<string, string>();
  const add = (secrets: readonly string[], shown: string, minChars = 1): void => {
    for (const secret of secrets) {
      const key = secret.toLowerCase();
      if (secret.length >= minChars && !masks.has(key)) masks.set(key, shown);
    }
  };
  const maskedUrl = maskUrl(url);
  add([url.href, encodeURIComponent(url.href), encodeURIComponent(decoded(url.href))], maskedUrl);
  for (const value of headerValues) {
    add(spellings(value), maskHeaderValue(value), 4);
    const credential = /^\S+\s+(\S.*)$/.exec(value)?.[1];
    if (credential) add(spellings(credential), maskCredential(credential), MIN_VALUE_SECRET_CHARS);
  }
  if (url.pathname.length > 1) add(spellings(url.pathname), '/…');
  for (const segment of url.pathname.split('/')) {
    if (!isRoutingSegment(decoded(segment))) add(spellings(segment), '…', MIN_SEGMENT_SECRET_CHARS);
  }
  for (const pair of url.search.slice(1).split('&')) {
    const value = pair.slice(pair.indexOf('=') + 1);
    if (pair.includes('=')) add(spellings(value, true), '…', MIN_VALUE_SECRET_CHARS);
  }
  add([url.username, url.password].flatMap((part) => spellings(part)), '…', MIN_VALUE_SECRET_CHARS);
  // Longest first: at one position the whole URL wins over its path, the path over a segment.
  const secrets = [...masks.keys()].sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (message) => message;
  const pattern = new RegExp(secrets.map(escapeRegExp).join('|'), 'gi');
  return (message) => message.replace(pattern, (found) => masks.get(found.toLowerCase()) ?? '…');
}
