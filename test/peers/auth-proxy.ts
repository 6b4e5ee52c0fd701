/**
 * An authenticating front for the test registry, since Debian's docker-registry cannot run token
 * auth without a TLS token service. It speaks the distribution spec's challenges — `Basic`, or
 * `Bearer realm=…/token,service=…,scope=…` with its own token endpoint — and forwards accepted
 * requests to the real registry. It can also inject 429/503 answers to exercise retries.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface AuthProxyOptions {
  upstream: string;
  mode: 'basic' | 'bearer';
  /** Accepted username/password; for bearer, required at the token endpoint when set. */
  user?: { username: string; password: string };
  /** Which field the token endpoint answers with. */
  tokenField?: 'token' | 'access_token';
  /** Leave `scope` out of the challenge (some registries do). */
  omitScope?: boolean;
}

export interface AuthProxy {
  url: string;
  host: string;
  /** Every request seen: method, path, status answered. */
  log: Array<{ method: string; path: string; status: number }>;
  /** The next `count` registry requests are answered with `status`. */
  inject(status: 429 | 500 | 503, count: number): void;
  close(): Promise<void>;
}

const basic = (user: { username: string; password: string }) => `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;

export async function startAuthProxy(options: AuthProxyOptions): Promise<AuthProxy> {
  const tokens = new Map<string, string>();
  const log: AuthProxy['log'] = [];
  let faults: { status: number; count: number } = { status: 503, count: 0 };
  let base = '';

  const answer = (request: IncomingMessage, response: ServerResponse, status: number, headers: Record<string, string>, body = '') => {
    log.push({ method: request.method ?? '', path: request.url ?? '', status });
    response.writeHead(status, headers);
    response.end(body);
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', base);
      if (url.pathname === '/token') {
        if (options.user && request.headers.authorization !== basic(options.user)) {
          answer(request, response, 401, { 'content-type': 'application/json' }, '{"details":"bad credentials"}');
          return;
        }
        const token = randomBytes(16).toString('hex');
        tokens.set(token, url.searchParams.get('scope') ?? '');
        answer(request, response, 200, { 'content-type': 'application/json' }, JSON.stringify({ [options.tokenField ?? 'token']: token, expires_in: 300 }));
        return;
      }
      if (faults.count > 0) {
        faults.count--;
        answer(request, response, faults.status, { 'retry-after': '0', 'content-type': 'application/json' }, '{"errors":[{"code":"UNAVAILABLE","message":"injected"}]}');
        return;
      }
      const repository = /^\/v2\/(.+?)\/(?:manifests|blobs|tags|referrers)\//.exec(url.pathname)?.[1];
      const scope = repository ? `repository:${repository}:pull` : '';
      const authorization = request.headers.authorization ?? '';
      const accepted =
        options.mode === 'basic'
          ? options.user !== undefined && authorization === basic(options.user)
          : tokens.has(authorization.slice(7)) && (scope === '' || (tokens.get(authorization.slice(7)) ?? '').split(' ').includes(scope));
      if (!accepted) {
        const challenge =
          options.mode === 'basic'
            ? 'Basic realm="eksguard-test"'
            : `Bearer realm="${base}/token",service="eksguard-test"${options.omitScope || !scope ? '' : `,scope="${scope}"`}`;
        answer(request, response, 401, { 'www-authenticate': challenge, 'content-type': 'application/json' }, '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of ['accept', 'content-type']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const upstream = await fetch(`${options.upstream}${url.pathname}${url.search}`, { method: request.method ?? 'GET', headers });
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!['transfer-encoding', 'connection', 'content-encoding'].includes(name)) out[name] = value;
      });
      const body = Buffer.from(await upstream.arrayBuffer());
      log.push({ method: request.method ?? '', path: request.url ?? '', status: upstream.status });
      response.writeHead(upstream.status, out);
      response.end(request.method === 'HEAD' ? undefined : body);
    })().catch((error: unknown) => {
      response.writeHead(502);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    host: `127.0.0.1:${port}`,
    log,
    inject(status, count) {
      faults = { status, count };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
