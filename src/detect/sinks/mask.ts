/**
 * Webhook URLs are credentials (a Slack incoming-webhook URL is the only secret needed to post
 * to the channel), and so are Authorization values: everything a sink prints goes through here.
 */

/** Path segments this short and lower-case are routing words (`services`, `hooks`, `api`), not secrets. */
const ROUTING_SEGMENT = /^[a-z][a-z0-9_-]{0,15}$/;
const VISIBLE_SECRET_CHARS = 4;

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
  const routing = ROUTING_SEGMENT.test(first) ? `/${first}` : '';
  const remainder = routing ? rest.join('/') : path.slice(1);
  if (remainder === '') return hidden ? `${origin}${routing}…` : `${origin}${routing}`;
  const shown = remainder.slice(0, VISIBLE_SECRET_CHARS);
  return `${origin}${routing}/${shown}…`;
}

/** `Bearer abcdef…` → `Bearer abc…`: the scheme word stays, the credential does not. */
export function maskHeaderValue(value: string): string {
  const match = /^(\S+)\s+(\S.*)$/.exec(value);
  const credential = match ? match[2]! : value;
  const shown = credential.length > 12 ? credential.slice(0, 3) : '';
  return `${match ? `${match[1]} ` : ''}${shown}…`;
}

/**
 * Removes the secrets of one destination (its URL, path and header values) from a message that
 * may quote them, such as an error body a server echoed back.
 */
export function redactor(url: URL, headerValues: readonly string[] = []): (message: string) => string {
  const masked = maskUrl(url);
  const replacements: [string, string][] = [[url.href, masked]];
  if (url.pathname.length > 1) replacements.push([url.pathname, '/…']);
  for (const value of headerValues) if (value.length >= 4) replacements.push([value, maskHeaderValue(value)]);
  return (message) => replacements.reduce((text, [secret, shown]) => text.split(secret).join(shown), message);
}
