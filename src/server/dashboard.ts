import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { HttpError, notFound } from './http-error.js';
import { findingRoutes } from './routes/findings.js';
import { fleetRoutes } from './routes/fleet.js';
import { healthRoutes } from './routes/health.js';
import { overviewRoutes } from './routes/overview.js';
import { scanRoutes } from './routes/scans.js';
import { isApiPath, requireLoopbackHost, requireReadMethod, requireSameOrigin, setSecurityHeaders } from './security-headers.js';
import { DEFAULT_WEB_ROOT, sendIndex, staticFiles } from './static-files.js';
import { StoreHandle } from './store-handle.js';
import { TOKEN_COOKIE, checkToken } from './token-auth.js';

export interface DashboardOptions {
  /** The scan store: a file (it need not exist yet) or a postgres:// URL. */
  storePath: string;
  /** When set, every request must carry it (bearer header, or the cookie `?token=` sets). */
  token?: string;
  /** The built web app; default dist/web of this package. */
  webRoot?: string;
  /**
   * Whether the server listens on a loopback address (default true): then the Host header must
   * be a loopback name. Off loopback a token is required.
   */
  loopback?: boolean;
  /** Appended to the token cookie's name, so dashboards on other ports of the host keep their own. */
  cookieSuffix?: string;
}

/** The dashboard: the read-only JSON API over the scan store and the web app, with its security. */
export function buildDashboard(options: DashboardOptions): FastifyInstance {
  const loopback = options.loopback ?? true;
  const { token } = options;
  if (!loopback && token === undefined) throw new Error('a dashboard off loopback needs a token');
  if (token !== undefined && token.length === 0) throw new Error('an empty token would let every request in');
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const handle = new StoreHandle(options.storePath);
  const cookieName = options.cookieSuffix === undefined ? TOKEN_COOKIE : `${TOKEN_COOKIE}_${options.cookieSuffix}`;
  // No request logging: whatever is printed belongs to the CLI, and URLs may carry the token.
  const app = Fastify({
    logger: false,
    // A URL fastify cannot decode is answered before any hook: answer it here, with the headers, without echoing it.
    frameworkErrors: (error, request, reply) => {
      setSecurityHeaders(request, reply);
      void sendError(request, reply, 400, error.code === 'FST_ERR_BAD_URL' ? 'malformed URL' : 'bad request');
    },
  });

  // `<` never reaches a browser raw, even from a response some client mistakes for HTML.
  app.setReplySerializer((payload) => JSON.stringify(payload).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  app.addHook('onRequest', async (request, reply) => {
    setSecurityHeaders(request, reply);
    requireReadMethod(request, reply);
    if (loopback) requireLoopbackHost(request);
    if (isApiPath(request.url)) requireSameOrigin(request);
    if (token !== undefined && checkToken(request, reply, token, cookieName)) return reply;
    return undefined;
  });
  app.addHook('onClose', async () => {
    await handle.close();
  });
  app.setErrorHandler((error: FastifyError, request, reply) => sendError(request, reply, statusOf(error), error.message));
  app.setNotFoundHandler((request, reply) => {
    if (isApiPath(request.url)) throw notFound(`no such route: ${request.method} ${new URL(request.url, 'http://dashboard.invalid').pathname}`);
    return sendIndex(reply, webRoot);
  });

  healthRoutes(app, handle);
  scanRoutes(app, handle);
  findingRoutes(app, handle);
  overviewRoutes(app, handle);
  fleetRoutes(app, handle);
  staticFiles(app, webRoot);
  return app;
}

function statusOf(error: FastifyError): number {
  if (error instanceof HttpError) return error.statusCode;
  const status = error.statusCode ?? 500;
  return status >= 400 && status < 600 ? status : 500;
}

/** API errors are JSON `{ error }`; a page's are plain text. Neither is ever HTML. */
function sendError(request: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply {
  reply.code(status);
  if (isApiPath(request.url)) return reply.type('application/json; charset=utf-8').send({ error: message });
  return reply.type('text/plain; charset=utf-8').send(`eksguard dashboard: ${message}\n`);
}
