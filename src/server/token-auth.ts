import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

export const TOKEN_COOKIE = 'eksguard_token';

/** Compares in constant time: equal-length digests, so neither content nor length leaks. */
export function tokenMatches(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Requires the token on every request: `Authorization: Bearer T`, or the cookie set when a page
 * was opened with `?token=T`. That page load is answered with the cookie and a redirect to the
 * same URL without the token, so it leaves the address bar and the history.
 * Returns true when the reply (the redirect) has been sent.
 */
export function checkToken(request: FastifyRequest, reply: FastifyReply, expected: string, cookieName = TOKEN_COOKIE): boolean {
  const [path = '/', search = ''] = splitUrl(request.url);
  const query = new URLSearchParams(search);
  const fromQuery = query.getAll('token');
  if (fromQuery.length > 0) {
    if (fromQuery.length > 1 || !tokenMatches(fromQuery[0] ?? '', expected)) throw new HttpError(401, 'wrong token in ?token=');
    query.delete('token');
    const rest = query.toString();
    reply
      .header('set-cookie', `${cookieName}=${encodeURIComponent(expected)}; Path=/; HttpOnly; SameSite=Strict`)
      // One leading slash: browsers read `//host` and `/\host` as another site.
      .redirect(`/${path.replace(/^[/\\]+/, '')}${rest ? `?${rest}` : ''}`, 302);
    return true;
  }
  const given = bearerOf(request.headers.authorization) ?? cookieOf(request.headers.cookie, cookieName);
  if (given !== undefined && tokenMatches(given, expected)) return false;
  throw new HttpError(
    401,
    given === undefined
      ? 'a token is required: open the URL eksguard serve printed (it ends in ?token=…), or send Authorization: Bearer TOKEN'
      : 'wrong token',
  );
}

function splitUrl(url: string): [string, string] {
  const index = url.indexOf('?');
  return index < 0 ? [url, ''] : [url.slice(0, index), url.slice(index + 1)];
}

function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index < 0 || part.slice(0, index).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}
