import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Sets the security headers every answer carries, refusals included, and no-store on the API. */
export function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.headers(HEADERS);
  if (isApiPath(request.url)) reply.header('cache-control', 'no-store');
}

/** The dashboard only reads: anything but GET and HEAD is refused. */
export function requireReadMethod(request: FastifyRequest, reply: FastifyReply): void {
  if (request.method === 'GET' || request.method === 'HEAD') return;
  reply.header('allow', 'GET, HEAD');
  throw new HttpError(405, `method ${request.method} not allowed: the dashboard only reads (GET, HEAD)`);
}

/**
 * DNS-rebinding defence for a loopback server without a token: a page of another site whose
 * name was re-pointed at 127.0.0.1 sends its own name as Host, so only the loopback names with
 * the port the connection came in on are answered.
 */
export function requireLoopbackHost(request: FastifyRequest): void {
  const host = request.headers.host ?? '';
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host.toLowerCase());
  const name = match?.[1] ?? '';
  // Behind light-my-request (tests) there is no socket port to compare with.
  const localPort = request.socket.localPort;
  const port = match?.[2] === undefined ? 80 : Number(match[2]);
  if (LOOPBACK_NAMES.has(name) && (localPort === undefined || port === localPort)) return;
  throw new HttpError(
    421,
    `this dashboard answers only to http://localhost, 127.0.0.1 or [::1] with its port, not to Host "${host}" (DNS-rebinding defence)`,
  );
}

/** By the parsed path: a proxy's absolute-form request line (`GET http://host/api/…`) is routed to the API too. */
export function isApiPath(url: string): boolean {
  let path: string;
  try {
    path = new URL(url, 'http://dashboard.invalid').pathname;
  } catch {
    return false;
  }
  return path === '/api' || path.startsWith('/api/');
}

/**
 * Pages of other sites may not read the API through the user's browser, not even by timing it
 * (a search that matches answers slower): browsers say where a request comes from in
 * Sec-Fetch-Site, and only the dashboard's own pages, typed URLs and clients that send no such
 * header (curl, scripts) are answered.
 */
export function requireSameOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || site === 'none') return;
  throw new HttpError(403, `requests from other sites are refused (Sec-Fetch-Site: ${String(site)})`);
}
