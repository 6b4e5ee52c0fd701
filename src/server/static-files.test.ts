import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard, DEFAULT_WEB_ROOT } from './index.js';

const INDEX = '<!doctype html><title>eksguard</title><div id="root"></div><script type="module" src="/assets/app.js"></script>';
let root: string;
let app: FastifyInstance;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'eksguard-web-'));
  root = join(dir, 'web');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log("app");\n');
  writeFileSync(join(root, '.env'), 'SECRET=dotfile\n');
  // Beside the web root, where a traversal would land.
  writeFileSync(join(dir, 'secret.json'), '{"secret":"outside the web root"}');
  app = buildDashboard({ storePath: join(dir, 'none.db'), webRoot: root });
});
afterAll(() => app.close());

describe('the web app', () => {
  it('serves index.html at / and the bundle files', async () => {
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toBe(INDEX);
    const script = await app.inject({ url: '/assets/app.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^(text|application)\/javascript/);
  });

  it('answers client-side routes with index.html, but unknown API routes with a JSON 404', async () => {
    for (const url of ['/findings', '/scans/3/findings?severity=high', '/paths/abc']) {
      const page = await app.inject({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toBe(INDEX);
    }
    const api = await app.inject({ url: '/api/unknown' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: 'no such route: GET /api/unknown' });
  });

  it('refuses path traversal and dotfiles', async () => {
    for (const url of ['/../secret.json', '/%2e%2e/secret.json', '/assets/..%2f..%2fsecret.json', '/..%5csecret.json', '/%2e%2e%2fsecret.json', '/.env', '/assets/%2e%2e/.env']) {
      const response = await app.inject({ url });
      expect(response.body, url).not.toContain('outside the web root');
      expect(response.body, url).not.toContain('SECRET=dotfile');
      expect([200, 403, 404], url).toContain(response.statusCode);
    }
  });

  it('says to build it when the bundle is missing', async () => {
    const bare = buildDashboard({ storePath: join(root, 'none.db'), webRoot: join(root, 'missing') });
    try {
      for (const url of ['/', '/findings']) {
        const response = await bare.inject({ url });
        expect(response.statusCode).toBe(503);
        expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(response.body).toContain('run npm run build');
      }
      expect((await bare.inject({ url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await bare.close();
    }
  });

  it('is looked for in dist/web of the package by default', () => {
    expect(DEFAULT_WEB_ROOT).toBe(join(new URL('../..', import.meta.url).pathname, 'dist', 'web') + '/');
  });
});
