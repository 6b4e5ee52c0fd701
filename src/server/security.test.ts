import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildDashboard, CONTENT_SECURITY_POLICY } from './index.js';
import { tokenMatches } from './token-auth.js';

const STORE = join(tmpdir(), 'eksguard-dashboard-security-none.db');
const TOKEN = 'Zx8-token_with.odd=chars;';
const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

function dashboard(options: { token?: string; loopback?: boolean } = {}): FastifyInstance {
  const app = buildDashboard({ storePath: STORE, webRoot: join(tmpdir(), 'eksguard-no-web-root'), ...options });
  apps.push(app);
  return app;
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

describe('security headers', () => {
  it('are on every answer, refusals included; the API is never cached', async () => {
    const app = dashboard();
    for (const [method, url, status] of [
      ['GET', '/api/health', 200],
      ['HEAD', '/api/health', 200],
      ['GET', '/api/nothing', 404],
      ['GET', '/api/scans?limit=x', 400],
      ['DELETE', '/api/health', 405],
      ['GET', '/', 503],
    ] as const) {
      const response = await app.inject({ method, url });
      expect(response.statusCode, `${method} ${url}`).toBe(status);
      expect(response.headers).toMatchObject(SECURITY_HEADERS);
      expect(response.headers['cache-control']).toBe(url.startsWith('/api') ? 'no-store' : undefined);
    }
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  it('are on the answer to a URL fastify cannot decode, which echoes nothing', async () => {
    const app = dashboard();
    const response = await app.inject({ url: '/api/%zz<svg onload=alert(1)>' });
    expect(response.statusCode).toBe(400);
    expect(response.headers).toMatchObject({ ...SECURITY_HEADERS, 'cache-control': 'no-store' });
    expect(response.json()).toEqual({ error: 'malformed URL' });
  });

  it('treat an absolute-form request line to the API as the API', async () => {
    const app = dashboard();
    const response = await app.inject({ url: 'http://127.0.0.1/api/health' });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('refuse API requests that browsers say come from another site', async () => {
    const app = dashboard();
    for (const site of ['cross-site', 'same-site']) {
      const response = await app.inject({ url: '/api/health', headers: { 'sec-fetch-site': site } });
      expect(response.statusCode, site).toBe(403);
      expect(response.json<{ error: string }>().error).toBe(`requests from other sites are refused (Sec-Fetch-Site: ${site})`);
    }
    for (const headers of [{ 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }, {}]) {
      expect((await app.inject({ url: '/api/health', headers })).statusCode).toBe(200);
    }
  });

  it('refuse every method but GET and HEAD with 405', async () => {
    const app = dashboard();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
      const response = await app.inject({ method, url: '/api/health' });
      expect(response.statusCode, method).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD');
      expect(response.json()).toEqual({ error: `method ${method} not allowed: the dashboard only reads (GET, HEAD)` });
    }
    expect((await app.inject({ method: 'POST', url: '/findings' })).statusCode).toBe(405);
  });

  it('log nothing to stdout', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    try {
      const app = dashboard();
      await app.inject({ url: '/api/health' });
      await app.inject({ url: '/api/nothing' });
      await app.inject({ method: 'POST', url: '/' });
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });
});

describe('on loopback without a token', () => {
  it('answers only to loopback host names (DNS-rebinding defence)', async () => {
    const app = dashboard();
    for (const host of ['localhost:7420', '127.0.0.1:7420', '[::1]:7420', 'LOCALHOST:7420']) {
      expect((await app.inject({ url: '/api/health', headers: { host } })).statusCode, host).toBe(200);
    }
    for (const host of ['evil.example:7420', 'localhost.evil.example', '127.0.0.1.nip.io:7420', '[::2]:7420']) {
      const response = await app.inject({ url: '/api/health', headers: { host } });
      expect(response.statusCode, host).toBe(421);
      expect(response.json<{ error: string }>().error).toContain('DNS-rebinding defence');
    }
  });

  it('requires the port the connection came in on', async () => {
    const app = dashboard();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    expect(await statusWithHost(port, `127.0.0.1:${port}`)).toBe(200);
    expect(await statusWithHost(port, `localhost:${port}`)).toBe(200);
    expect(await statusWithHost(port, `localhost:${port + 1}`)).toBe(421);
    expect(await statusWithHost(port, 'localhost')).toBe(421);
    expect(await statusWithHost(port, `rebound.example:${port}`)).toBe(421);
    // Node itself refuses an HTTP/1.1 request without Host.
    expect(await statusWithHost(port, undefined)).toBe(400);
  });
});

/** GET /api/health with this Host header, or none at all. */
function statusWithHost(port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const options = host === undefined ? { setHost: false } : { headers: { host } };
    const req = request({ host: '127.0.0.1', port, path: '/api/health', ...options }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('with a token', () => {
  it('is required off loopback, and never empty', () => {
    expect(() => buildDashboard({ storePath: STORE, loopback: false })).toThrow('a dashboard off loopback needs a token');
    expect(() => buildDashboard({ storePath: STORE, loopback: false, token: '' })).toThrow('an empty token would let every request in');
  });

  it('keeps one cookie per port, so dashboards on one host do not share or clobber it', async () => {
    const app = buildDashboard({ storePath: STORE, webRoot: join(tmpdir(), 'eksguard-no-web-root'), token: TOKEN, loopback: false, cookieSuffix: '7421' });
    apps.push(app);
    const load = await app.inject({ url: `/?token=${encodeURIComponent(TOKEN)}` });
    const cookie = String(load.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie).toMatch(/^eksguard_token_7421=/);
    expect((await app.inject({ url: '/api/health', headers: { cookie } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/health', headers: { cookie: cookie.replace('_7421', '') } })).statusCode).toBe(401);
  });

  it('401s without it, as JSON on the API and as text on pages', async () => {
    const app = dashboard({ token: TOKEN, loopback: false });
    const api = await app.inject({ url: '/api/health', headers: { host: 'dashboard.corp:7420' } });
    expect(api.statusCode).toBe(401);
    expect(api.json<{ error: string }>().error).toMatch(/^a token is required/);
    const page = await app.inject({ url: '/findings' });
    expect(page.statusCode).toBe(401);
    expect(page.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(page.headers).toMatchObject(SECURITY_HEADERS);
    expect((await app.inject({ url: '/api/health', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/health', headers: { authorization: `Basic ${TOKEN}` } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/health', headers: { cookie: 'eksguard_token=wrong' } })).statusCode).toBe(401);
  });

  it('accepts it as a bearer token, from any host', async () => {
    const app = dashboard({ token: TOKEN, loopback: false });
    const response = await app.inject({ url: '/api/health', headers: { authorization: `Bearer ${TOKEN}`, host: '10.0.0.5:7420' } });
    expect(response.statusCode).toBe(200);
  });

  it('turns ?token= on a page load into an HttpOnly, SameSite=Strict cookie and drops it from the URL', async () => {
    const app = dashboard({ token: TOKEN, loopback: false });
    const load = await app.inject({ url: `/findings?severity=high&token=${encodeURIComponent(TOKEN)}` });
    expect(load.statusCode).toBe(302);
    expect(load.headers.location).toBe('/findings?severity=high');
    const cookie = String(load.headers['set-cookie']);
    expect(cookie).toMatch(/^eksguard_token=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(load.headers).toMatchObject(SECURITY_HEADERS);
    const api = await app.inject({ url: '/api/health', headers: { cookie: `theme=dark; ${cookie.split(';')[0] ?? ''}` } });
    expect(api.statusCode).toBe(200);
    expect((await app.inject({ url: '/?token=wrong' })).statusCode).toBe(401);
    expect((await app.inject({ url: `/?token=${TOKEN}&token=${TOKEN}` })).statusCode).toBe(401);
  });

  it('never redirects to another site', async () => {
    const app = dashboard({ token: TOKEN, loopback: false });
    const load = await app.inject({ url: `//evil.example/x?token=${encodeURIComponent(TOKEN)}` });
    expect(load.statusCode).toBe(302);
    expect(load.headers.location).toBe('/evil.example/x');
    const backslash = await app.inject({ url: `/%5Cevil.example?token=${encodeURIComponent(TOKEN)}` });
    expect(backslash.headers.location).toBe('/%5Cevil.example');
  });

  it('compares in constant time, whatever the lengths', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokenMatches('', TOKEN)).toBe(false);
  });
});
