import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext, type KubeConfig } from '@kubernetes/client-node';

/** A request the API server answered with an error status; `message` is the Status message. */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string | undefined,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** The API server could not be reached or did not answer in time. */
export class KubeConnectionError extends Error {}

const DEFAULT_TIMEOUT_MS = 60_000;

/** The methods `sendJson` sends (client-node's HttpMethod names). */
export type WriteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Requests to the API server through @kubernetes/client-node's own transport and
 * authentication (client certificates, tokens, exec credential plugins, TLS settings), returning
 * the JSON as the server sent it. The generated typed APIs are not used on purpose: they turn
 * timestamps into Dates and drop fields their models do not know, and a snapshot keeps objects
 * as served.
 */
export class KubeHttp {
  private readonly transport = new IsomorphicFetchHttpLibrary();
  /** Requests sent, for the collection summary and the benchmark. */
  requests = 0;

  constructor(
    private readonly config: KubeConfig,
    readonly server: string,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
    /** Once aborted, requests in flight are cut and none is sent; they reject with its reason. */
    private readonly signal?: AbortSignal,
  ) {}

  async getJson(path: string, accept = 'application/json'): Promise<unknown> {
    const text = await this.getText(path, accept);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new KubeApiError(200, undefined, `the API server answered ${path} with something that is not JSON`, path);
    }
  }

  async getText(path: string, accept: string): Promise<string> {
    return this.exchange(HttpMethod.GET, path, accept);
  }

  /**
   * Sends any request (a write: POST, PUT, PATCH with its patch content type, DELETE with
   * DeleteOptions) and resolves to the JSON the server answered, undefined for an empty body.
   * Same transport, authentication, timeout and errors as the GETs.
   */
  async sendJson(request: { method: WriteMethod; path: string; body?: unknown; contentType?: string }): Promise<unknown> {
    const body = request.body === undefined ? undefined : { text: JSON.stringify(request.body), contentType: request.contentType ?? 'application/json' };
    const text = await this.exchange(HttpMethod[request.method], request.path, 'application/json', body);
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new KubeApiError(200, undefined, `the API server answered ${request.method} ${request.path} with something that is not JSON`, request.path);
    }
  }

  private async exchange(method: HttpMethod, path: string, accept: string, body?: { text: string; contentType: string }): Promise<string> {
    const context = new RequestContext(`${this.server.replace(/\/+$/, '')}${path}`, method);
    context.setHeaderParam('Accept', accept);
    if (body) {
      context.setHeaderParam('Content-Type', body.contentType);
      context.setBody(body.text);
    }
    this.signal?.throwIfAborted();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    context.setSignal(this.signal ? AbortSignal.any([abort.signal, this.signal]) : abort.signal);
    this.requests++;
    try {
      await this.config.applySecurityAuthentication(context);
      const response = await this.transport.send(context).toPromise();
      const text = await response.body.text();
      if (response.httpStatusCode >= 400) throw apiError(response.httpStatusCode, text, path);
      return text;
    } catch (error) {
      if (error instanceof KubeApiError) throw error;
      // The caller gave up (a fleet's deadline): its reason, not a connection failure to record.
      if (this.signal?.aborted) throw this.signal.reason;
      if (abort.signal.aborted) {
        throw new KubeConnectionError(`the API server at ${this.server} did not answer ${path} within ${this.timeoutMs / 1000} s`);
      }
      throw new KubeConnectionError(`cannot reach the API server at ${this.server}: ${reasonOf(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Builds the error from a `Status` body when the server sent one, else from the bare code. */
function apiError(status: number, text: string, path: string): KubeApiError {
  let reason: string | undefined;
  let message = `HTTP ${status}`;
  try {
    const body = JSON.parse(text) as { kind?: unknown; reason?: unknown; message?: unknown };
    if (body && typeof body === 'object' && body.kind === 'Status') {
      if (typeof body.reason === 'string') reason = body.reason;
      if (typeof body.message === 'string' && body.message) message = body.message;
    }
  } catch {
    const first = text.trim().split('\n')[0];
    if (first) message = `HTTP ${status}: ${first.slice(0, 200)}`;
  }
  return new KubeApiError(status, reason, message, path);
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    // Exec credential plugins and TLS failures surface here: their message is what the user needs.
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
