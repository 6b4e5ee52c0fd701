import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../../test/fakes/kube/tls.js';
import type { AuditEvent } from '../events/audit-event.js';
import { CREATE_POD_EVENT, EXEC_EVENT, GET_SECRET_EVENT, UPDATE_AWS_AUTH_EVENT } from '../events/test-support/samples.js';
import { serveAuditWebhook, type AuditWebhookOptions, type AuditWebhookServer } from './audit-webhook.js';
import { readBearerToken } from './bearer-token.js';
import type { EventBatch } from './event-batch.js';

const TOKEN = 'c2b7e1d94f6a08357e9b1c4d2a6f80e3';

/**
 * Headers as kube-apiserver's audit webhook backend sends them: a client-go REST client built
 * from the kubeconfig, which sets no User-Agent (so Go's default goes out), posts JSON and
 * accepts JSON. Go's transport adds `Accept-Encoding: gzip`; the body itself is never compressed.
 */
const API_SERVER_HEADERS = {
  'User-Agent': 'Go-http-client/1.1',
  'Content-Type': 'application/json',
  Accept: 'application/json, */*',
  'Accept-Encoding': 'gzip',
};

let tls: { cert: string; key: string };
beforeAll(() => {
  tls = selfSignedCertificate();
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: Partial<AuditWebhookOptions> = {}): Promise<{
  server: AuditWebhookServer;
  agent: Agent;
  iterator: AsyncIterator<EventBatch>;
  next: () => Promise<EventBatch | undefined>;
}> {
  const server = await serveAuditWebhook({ port: 0, host: '127.0.0.1', tlsCert: tls.cert, tlsKey: tls.key, token: TOKEN, ...options });
  const agent = new Agent({ ca: tls.cert, keepAlive: true, maxSockets: 16 });
  cleanups.push(() => server.close(), () => agent.destroy());
  const iterator = server.batches[Symbol.asyncIterator]();
  return { server, agent, iterator, next: async () => (await iterator.next()).value as EventBatch | undefined };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

interface Send {
  body?: string | Buffer;
  method?: string;
  path?: string;
  /** null: no Authorization header. */
  token?: string | null;
  headers?: Record<string, string>;
  /** Send without Content-Length (chunked). */
  chunked?: boolean;
  agent?: Agent;
}

function send(to: AuditWebhookServer | number, agent: Agent, options: Send = {}): Promise<Answer> {
  const port = typeof to === 'number' ? to : to.address().port;
  const token = options.token === undefined ? TOKEN : options.token;
  const headers: Record<string, string> = { ...API_SERVER_HEADERS, ...(token === null ? {} : { Authorization: `Bearer ${token}` }), ...options.headers };
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: options.path ?? '/audit', method: options.method ?? 'POST', headers, agent: options.agent ?? agent },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body === undefined) req.end();
    else if (options.chunked) {
      req.write(options.body);
      req.end();
    } else req.end(options.body);
  });
}

function eventList(items: unknown[]): string {
  return JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items });
}

function withId(event: AuditEvent, auditID: string): AuditEvent {
  return { ...event, auditID };
}

function ids(batch: EventBatch | undefined): string[] {
  return (batch?.inputs ?? []).map((input) => (input.kind === 'k8s-audit' ? input.event.auditID : 'not an audit event'));
}

/** Lets pending I/O callbacks run, so an answer that was going to arrive has arrived. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('serveAuditWebhook', () => {
  it('yields the events of an EventList and answers 200 only after done()', async () => {
    const { server, agent, next } = await start();
    let answered = false;
    const answer = send(server, agent, { body: eventList([EXEC_EVENT, GET_SECRET_EVENT, CREATE_POD_EVENT]) }).finally(() => (answered = true));

    const batch = await next();
    expect(ids(batch)).toEqual([EXEC_EVENT.auditID, GET_SECRET_EVENT.auditID, CREATE_POD_EVENT.auditID]);
    expect(batch!.inputs[2]).toMatchObject({ kind: 'k8s-audit', file: 'webhook request 1', event: { requestObject: { kind: 'Pod' } } });
    await settle();
    expect(answered).toBe(false);

    await batch!.done();
    expect(await answer).toMatchObject({ status: 200, text: 'ok\n' });
    expect(server.stats).toMatchObject({ requests: 1, accepted: 1, files: 1, events: 3, k8sAudit: 3, malformed: 0 });
  });

  it('refuses a missing or wrong bearer token with 401 and yields nothing for it', async () => {
    const { server, agent, next } = await start();
    const body = eventList([EXEC_EVENT]);
    const missing = await send(server, agent, { body, token: null });
    const wrong = await send(server, agent, { body, token: 'c2b7e1d94f6a08357e9b1c4d2a6f80e4' });
    const basic = await send(server, agent, { body, token: null, headers: { Authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` } });
    for (const answer of [missing, wrong, basic]) {
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="eksguard"');
    }

    const good = send(server, agent, { body: eventList([GET_SECRET_EVENT]) });
    const batch = await next();
    expect(ids(batch)).toEqual([GET_SECRET_EVENT.auditID]);
    await batch!.done();
    expect((await good).status).toBe(200);
    expect(server.stats).toMatchObject({ requests: 4, accepted: 1, events: 1, rejected: { unauthorized: 3 } });
    expect(JSON.stringify(server.stats)).not.toContain(TOKEN);
  });

  it('answers 413 to a body over the limit, declared or streamed, without buffering it', async () => {
    const { server, agent, next } = await start({ maxBodyBytes: 64 * 1024 });
    const padding = 'x'.repeat(100 * 1024);
    const big = eventList([{ ...EXEC_EVENT, annotations: { padding } }]);

    const declared = await send(server, agent, { body: big });
    expect(declared.status).toBe(413);
    expect(declared.text).toContain('65536-byte limit');
    const streamed = await send(server, agent, { body: big, chunked: true });
    expect(streamed.status).toBe(413);

    const good = send(server, agent, { body: eventList([EXEC_EVENT]) });
    const batch = await next();
    await batch!.done();
    expect((await good).status).toBe(200);
    expect(server.stats).toMatchObject({ oversize: 2, accepted: 1, rejected: { tooLarge: 2 } });
    expect(server.stats.issues.map((issue) => issue.kind)).toEqual(['oversize', 'oversize']);
  });

  it('answers 400 to a body that is not JSON or not an audit.k8s.io/v1 EventList, and counts it', async () => {
    const { server, agent } = await start();
    const cases: [string, string][] = [
      ['{"kind":"EventList","items":[', 'body is not JSON'],
      ['[]', 'body: expected an EventList object, got array'],
      [JSON.stringify(EXEC_EVENT), 'kind: expected "EventList", got "Event"'],
      [JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1beta1', items: [] }), 'apiVersion: expected "audit.k8s.io/v1", got "audit.k8s.io/v1beta1"'],
      [JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: {} }), 'items: expected an array, got object'],
    ];
    for (const [body, message] of cases) {
      const answer = await send(server, agent, { body });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain(message);
    }
    expect(server.stats).toMatchObject({ malformed: 5, events: 0, rejected: { badBody: 5 } });
    expect(server.stats.issues[0]).toMatchObject({ file: 'webhook request 1', line: 0, kind: 'json' });
  });

  it('uses the good items of a list with a bad one and counts the bad one with request and index', async () => {
    const { server, agent, next } = await start();
    const { verb: _verb, ...noVerb } = UPDATE_AWS_AUTH_EVENT;
    const answer = send(server, agent, { body: eventList([EXEC_EVENT, noVerb, 'garbage', { kind: 'Pod' }, GET_SECRET_EVENT]) });
    const batch = await next();
    expect(ids(batch)).toEqual([EXEC_EVENT.auditID, GET_SECRET_EVENT.auditID]);
    await batch!.done();
    expect((await answer).status).toBe(200);
    expect(server.stats).toMatchObject({ events: 2, malformed: 3, accepted: 1 });
    expect(server.stats.issues).toEqual([
      { file: 'webhook request 1', line: 0, kind: 'schema', message: 'items[1]: audit event: verb: missing' },
      { file: 'webhook request 1', line: 0, kind: 'schema', message: 'items[2]: expected an audit event object, got string' },
      { file: 'webhook request 1', line: 0, kind: 'schema', message: 'items[3]: not a Kubernetes audit event (no auditID)' },
    ]);
  });

  it('answers 200 at once to a list with nothing usable (empty, null items, only bad items)', async () => {
    const { server, agent } = await start();
    expect((await send(server, agent, { body: eventList([]) })).status).toBe(200);
    expect((await send(server, agent, { body: JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: null }) })).status).toBe(200);
    expect((await send(server, agent, { body: eventList([42]) })).status).toBe(200);
    expect(server.stats).toMatchObject({ accepted: 3, events: 0, malformed: 1 });
  });

  it('refuses other paths, methods, media types and encodings; /healthz answers without a token', async () => {
    const { server, agent } = await start();
    const body = eventList([EXEC_EVENT]);
    expect(await send(server, agent, { path: '/healthz', method: 'GET', token: null })).toMatchObject({ status: 200, text: 'ok\n' });
    expect((await send(server, agent, { path: '/', body })).status).toBe(404);
    const get = await send(server, agent, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await send(server, agent, { body, headers: { 'Content-Type': 'text/plain' } })).status).toBe(415);
    const gzip = await send(server, agent, { body, headers: { 'Content-Encoding': 'gzip' } });
    expect(gzip.status).toBe(415);
    expect(gzip.text).toContain('Content-Encoding gzip is not supported');
    expect(server.stats).toMatchObject({ requests: 5, accepted: 0, events: 0, rejected: { notFound: 1, method: 1, mediaType: 2 } });
  });

  it('accepts a path with a query string and a charset parameter on the media type', async () => {
    const { server, agent, next } = await start({ path: '/k8s/audit' });
    const answer = send(server, agent, { path: '/k8s/audit?timeout=30s', body: eventList([EXEC_EVENT]), headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    const batch = await next();
    await batch!.done();
    expect((await answer).status).toBe(200);
  });

  it('keeps serving good POSTs through a flood of bad ones', async () => {
    const { server, agent, next } = await start({ maxBodyBytes: 32 * 1024, maxQueuedBatches: 4 });
    const goodIds = Array.from({ length: 12 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const seen: string[] = [];
    const consumer = (async () => {
      while (seen.length < goodIds.length) {
        const batch = await next();
        seen.push(...ids(batch));
        await batch!.done();
      }
    })();

    // Like the API server: resend on 429 and 5xx.
    const sendGood = async (id: string): Promise<number> => {
      for (let attempt = 0; ; attempt++) {
        const answer = await send(server, agent, { body: eventList([withId(EXEC_EVENT, id)]) });
        if ((answer.status !== 429 && answer.status < 500) || attempt === 20) return answer.status;
      }
    };
    const huge = 'y'.repeat(1024 * 1024);
    const bad: (() => Promise<unknown>)[] = [
      () => send(server, agent, { body: '\u0000garbage{{{' }),
      () => send(server, agent, { body: eventList([EXEC_EVENT]), token: 'wrong' }),
      () => send(server, agent, { body: eventList([EXEC_EVENT]), token: null }),
      () => send(server, agent, { body: huge }),
      () => send(server, agent, { body: huge, chunked: true }),
      () => send(server, agent, { body: eventList([{ auditID: 7 }, null, []]) }),
      () => send(server, agent, { method: 'PUT', body: 'x' }),
    ];
    // An oversize upload may be cut after its 413; the client sees either answer or reset.
    const flood = Array.from({ length: 70 }, (_, i) => bad[i % bad.length]!().catch((error: Error) => error));
    const good = goodIds.map((id) => sendGood(id));

    expect(await Promise.all(good)).toEqual(goodIds.map(() => 200));
    await Promise.all(flood);
    await consumer;
    expect([...seen].sort()).toEqual(goodIds);
    const { rejected } = server.stats;
    expect(server.stats.events).toBe(12);
    expect(rejected).toMatchObject({ unauthorized: 20, method: 10, failed: 0, clientGone: 0, protocol: 0 });
    // Bodies with a good token may also meet a full queue (429); declared oversize never does.
    expect(rejected.tooLarge).toBeGreaterThanOrEqual(10);
    expect(rejected.badBody).toBeLessThanOrEqual(10);
    const answered = server.stats.accepted + rejected.badBody + rejected.busy + rejected.tooLarge + rejected.unauthorized + rejected.method;
    expect(answered).toBe(server.stats.requests);
  });

  it('answers 429 with Retry-After when maxQueuedBatches are held, and accepts again once one is done', async () => {
    const { server, agent, next } = await start({ maxQueuedBatches: 2, retryAfterSeconds: 3 });
    const first = send(server, agent, { body: eventList([withId(EXEC_EVENT, 'a')]) });
    const second = send(server, agent, { body: eventList([withId(EXEC_EVENT, 'b')]) });
    const one = await next();
    const two = await next();

    const refused = await send(server, agent, { body: eventList([withId(EXEC_EVENT, 'c')]) });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('3');

    await one!.done();
    expect((await first).status).toBe(200);
    const third = send(server, agent, { body: eventList([withId(EXEC_EVENT, 'd')]) });
    const three = await next();
    expect(ids(three)).toEqual(['d']);
    await two!.done();
    await three!.done();
    expect((await second).status).toBe(200);
    expect((await third).status).toBe(200);
    expect(server.stats).toMatchObject({ accepted: 3, rejected: { busy: 1 } });
  });

  it('answers 503 with Retry-After when the pipeline ends a batch with an error, without echoing it', async () => {
    const { server, agent, next } = await start();
    const answer = send(server, agent, { body: eventList([EXEC_EVENT]) });
    const batch = await next();
    await batch!.done(new Error('sink https://hooks.example.com/services/T000/B000/XXXX failed'));
    await batch!.done();
    const failed = await answer;
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toBe('1');
    expect(failed.text).not.toContain('hooks.example.com');
    expect(server.stats).toMatchObject({ accepted: 0, rejected: { failed: 1 } });
  });

  it('on close() stops accepting, finishes the batches in flight, then ends the iteration', async () => {
    const controller = new AbortController();
    const { server, agent, next } = await start({ signal: controller.signal });
    const first = send(server, agent, { body: eventList([withId(EXEC_EVENT, 'first')]) });
    const second = send(server, agent, { body: eventList([withId(EXEC_EVENT, 'second')]) });
    const one = await next();
    while (server.stats.files < 2) await settle();

    const { port } = server.address();
    controller.abort();
    const closed = server.close();
    const fresh = new Agent({ ca: tls.cert, keepAlive: false });
    cleanups.push(() => fresh.destroy());
    await expect(send(port, agent, { body: eventList([EXEC_EVENT]), agent: fresh })).rejects.toThrow(/ECONNREFUSED/);

    const two = await next();
    expect([...ids(one), ...ids(two)].sort()).toEqual(['first', 'second']);
    await one!.done();
    await two!.done();
    expect(await next()).toBeUndefined();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    await closed;
    expect(server.stats.accepted).toBe(2);
  });

  it('leaving the loop early answers the batches never taken with 503 and closes', async () => {
    const { server, agent, iterator } = await start();
    const first = send(server, agent, { body: eventList([withId(EXEC_EVENT, 'first')]) });
    const one = (await iterator.next()).value as EventBatch;
    const rest = ['second', 'third'].map((id) => send(server, agent, { body: eventList([withId(EXEC_EVENT, id)]) }));
    while (server.stats.files < 3) await settle();

    await iterator.return?.();
    for (const answer of await Promise.all(rest)) expect(answer).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    await one.done();
    expect((await first).status).toBe(200);
    await server.close();
    expect(server.stats).toMatchObject({ accepted: 1, rejected: { failed: 2 } });
  });

  it('answers 503 to an upload that completes after the consumer left, and close() still resolves', async () => {
    const { server, agent, iterator } = await start();
    const first = send(server, agent, { body: eventList([withId(EXEC_EVENT, 'first')]) });
    const one = (await iterator.next()).value as EventBatch;
    await one.done();
    expect((await first).status).toBe(200);
    const body = eventList([withId(EXEC_EVENT, 'late-upload')]);
    let upload!: ReturnType<typeof request>;
    const answer = new Promise<Answer>((resolve, reject) => {
      upload = request(
        { host: '127.0.0.1', port: server.address().port, path: '/audit', method: 'POST', agent, headers: { ...API_SERVER_HEADERS, Authorization: `Bearer ${TOKEN}`, 'Content-Length': String(Buffer.byteLength(body)) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
        },
      );
      upload.on('error', reject);
    });
    upload.write(body.slice(0, 40));
    while (server.stats.requests < 2) await settle();

    await iterator.return?.();
    upload.end(body.slice(40));
    expect(await answer).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    await server.close();
    expect(server.stats).toMatchObject({ files: 2, accepted: 1, rejected: { shuttingDown: 1 } });
  });

  it('with clientCa, refuses a client without a certificate the CA signed', async () => {
    const client = selfSignedCertificate();
    const { server } = await start({ clientCa: client.cert, token: undefined });
    const anonymous = new Agent({ ca: tls.cert, keepAlive: false });
    const stranger = new Agent({ ca: tls.cert, keepAlive: false, cert: tls.cert, key: tls.key });
    const known = new Agent({ ca: tls.cert, keepAlive: false, cert: client.cert, key: client.key });
    cleanups.push(() => anonymous.destroy(), () => stranger.destroy(), () => known.destroy());

    await expect(send(server, anonymous, { path: '/healthz', method: 'GET', token: null })).rejects.toThrow();
    await expect(send(server, stranger, { path: '/healthz', method: 'GET', token: null })).rejects.toThrow();
    expect((await send(server, known, { path: '/healthz', method: 'GET', token: null })).status).toBe(200);
    expect(server.stats.rejected.tls).toBeGreaterThanOrEqual(1);
  });

  it('cuts a client that sends its headers too slowly', async () => {
    const { server } = await start({ headersTimeoutMs: 200, requestTimeoutMs: 200 });
    const socket = connect({ host: '127.0.0.1', port: server.address().port, ca: tls.cert });
    await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
    socket.write('POST /audit HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    await new Promise((resolve) => socket.once('close', resolve));
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(server.stats.rejected.protocol).toBe(1);
  });
});

describe('readBearerToken', () => {
  it('reads a token from a file or an environment variable, trimmed', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eksguard-token-')), 'token');
    writeFileSync(file, `${TOKEN}\n`);
    expect(readBearerToken({ file })).toBe(TOKEN);
    expect(readBearerToken({ env: 'WEBHOOK_TOKEN' }, { WEBHOOK_TOKEN: ` ${TOKEN} ` })).toBe(TOKEN);
  });

  it('names the source of a bad token and never the token', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-token-'));
    const spaced = join(dir, 'spaced');
    writeFileSync(spaced, `${TOKEN} second-word`);
    expect(() => readBearerToken({ file: spaced })).toThrow(`token file ${spaced}: the token must be one word of visible ASCII characters`);
    try {
      readBearerToken({ file: spaced });
    } catch (error) {
      expect((error as Error).message).not.toContain(TOKEN);
    }
    expect(() => readBearerToken({ file: join(dir, 'missing') })).toThrow(`token file ${join(dir, 'missing')}: ENOENT`);
    expect(() => readBearerToken({ env: 'WEBHOOK_TOKEN' }, {})).toThrow('environment variable WEBHOOK_TOKEN is empty or not set');
  });
});
