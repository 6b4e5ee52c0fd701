import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { HttpError } from './http-error.js';

/** dist/web of this package, whether this module runs from src/server (tsx, tests) or dist/server. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * Serves the built web app. `send` resolves every path inside the root and refuses `..`, and
 * dotfiles are not served. Paths that are not files get index.html, so client-side routes
 * (`/findings`) survive a reload.
 */
export function staticFiles(app: FastifyInstance, webRoot: string): void {
  void app.register(fastifyStatic, { root: webRoot, dotfiles: 'ignore', index: ['index.html'], wildcard: true });
}

export function sendIndex(reply: FastifyReply, webRoot: string): FastifyReply {
  if (!existsSync(join(webRoot, 'index.html'))) {
    throw new HttpError(503, `the dashboard web app is not built (no ${join(webRoot, 'index.html')}): run npm run build`);
  }
  return reply.sendFile('index.html', webRoot);
}
