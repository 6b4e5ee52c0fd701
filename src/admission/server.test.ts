import { Agent as HttpAgent } from 'node:http';
import { Agent } from 'node:https';
import { connect, type TLSSocket } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../test/fakes/kube/tls.js';
import { serveAdmission, type AdmissionServer, type AdmissionServerOptions, type DecisionRecord } from './server.js';
import { copyOf, DEPLOYMENT_UPDATE, POD_CREATE, REPLICASET_DELETE, SERVICE_CREATE_DRY_RUN } from './test-support/admission-reviews.js';
import { eventually, peerFingerprint, SecretVolume, send, type Send } from './test-support/client.js';
import type { AdmissionRequestInfo, Verdict } from './verdict-types.js';

let certA: { cert: string; key: string };
let certB: { cert: string; key: string };
beforeAll(() => {
  certA = selfSignedCertificate();
  certB = selfSignedCertificate();
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ALLOW: Verdict = { allowed: true, warnings: [], violations: [] };
const PRIVILEGED_DENY: Verdict = {
  allowed: false,
  status: { code: 403, message: 'wl-privileged: Container "debug" runs privileged (spec.containers[0].securityContext.privileged); fix: set privileged to false' },
  warnings: [],
  violations: [
    {
      checkId: 'wl-privileged',
      title: 'Privileged container',
      severity: 'critical',
      mode: 'enforce',
      message: 'Container "debug" runs privileged',
      path: 'spec.containers[0].securityContext.privileged',
      container: 'debug',
      remediation: 'Set privileged to false',
    },
  ],
};

interface Started {
  server: AdmissionServer;
  port: number;
  agent: Agent;
  logs: string[];
  decisions: DecisionRecord[];
  post: (body: unknown, more?: Send) => ReturnType<typeof send>;
}

async function start(options: Partial<AdmissionServerOptions> = {}, volume?: SecretVolume): Promise<Started> {
  const files = volume ?? new SecretVolume(certA);
  const logs: string[] = [];
  const decisions: DecisionRecord[] = [];
  const server = await serveAdmission({
    port: 0,
    host: '127.0.0.1',
    tlsCertFile: files.certFile,
    tlsKeyFile: files.keyFile,
    judge: () => ALLOW,
    failurePolicy: 'deny',
    onLog: (message) => logs.push(message),
    onDecision: (record) => decisions.push(record),
    ...options,
  });
  const agent = new Agent({ ca: [certA.cert, certB.cert], keepAlive: true, maxSockets: 8 });
  cleanups.push(() => server.close(), () => agent.destroy());
  const port = server.address().port;
  return {
    server,
    port,
    agent,
    logs,
    decisions,
    post: (body, more) => send(port, agent, { body: typeof body === 'string' ? body : JSON.stringify(body), ...more }),
  };
}

/**
 * A raw TLS client posting to /validate: `head` bytes of the body are written (in 64 KiB pieces,
 * waiting for the socket to drain so the client itself buffers little), then nothing more.
 * `answer` resolves with whatever the server sent once the connection closes.
 */
function stalledUpload(port: number, declaredBytes: number, head: Buffer): { socket: TLSSocket; answer: Promise<string> } {
  const socket = connect({ host: '127.0.0.1', port, ca: certA.cert });
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => {
    // Reset by the server while still writing: the answer is what arrived before.
  });
  const answer = new Promise<string>((resolve) => socket.on('close', () => resolve(text)));
  const upload = async (): Promise<void> => {
    socket.write(`POST /validate HTTP/1.1\r\nHost: webhook\r\nContent-Type: application/json\r\nContent-Length: ${declaredBytes}\r\n\r\n`);
    for (let offset = 0; offset < head.length && !socket.destroyed; offset += 64 * 1024) {
      if (!socket.write(head.subarray(offset, offset + 64 * 1024))) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            socket.off('drain', done).off('close', done);
            resolve();
          };
          socket.on('drain', done).on('close', done);
        });
      }
    }
  };
  socket.once('secureConnect', () => void upload());
  cleanups.push(() => void socket.destroy());
  return { socket, answer };
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe('serveAdmission: reviews over HTTPS', () => {
  it('answers a Pod CREATE with the review the API server expects, the uid echoed', async () => {
    const seen: AdmissionRequestInfo[] = [];
    const { post } = await start({ judge: (request) => (seen.push(request), PRIVILEGED_DENY) });
    const answer = await post(POD_CREATE);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(answer.text)).toStrictEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: POD_CREATE.request.uid, allowed: false, status: PRIVILEGED_DENY.status },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.object).toEqual(POD_CREATE.request.object);
    expect(seen[0]!.userInfo.username).toBe('arn:aws:sts::111122223333:assumed-role/platform-admin/alice');
  });

  it('hands the judge both objects of an UPDATE and the old one of a DELETE; a warn verdict carries warnings', async () => {
    const seen: AdmissionRequestInfo[] = [];
    const warn: Verdict = { allowed: true, warnings: ['img-mutable-tag: image "web:1.5.0" is not pinned by digest'], violations: [] };
    const { post } = await start({ judge: (request) => (seen.push(request), request.operation === 'UPDATE' ? warn : ALLOW) });
    const update = JSON.parse((await post(DEPLOYMENT_UPDATE)).text);
    expect(update.response).toStrictEqual({ uid: DEPLOYMENT_UPDATE.request.uid, allowed: true, warnings: warn.warnings });
    const deleted = JSON.parse((await post(REPLICASET_DELETE)).text);
    expect(deleted.response).toStrictEqual({ uid: REPLICASET_DELETE.request.uid, allowed: true });
    expect(seen[0]!.oldObject).toEqual(DEPLOYMENT_UPDATE.request.oldObject);
    expect(seen[1]!.object).toBeUndefined();
    expect(seen[1]!.oldObject).toEqual(REPLICASET_DELETE.request.oldObject);
  });

  it('records each decision for the audit trail, except dry runs, which are answered all the same', async () => {
    let now = 1000;
    const { post, decisions } = await start({
      clock: () => (now += 2.5),
      judge: (request) => (request.kind.kind === 'Pod' ? PRIVILEGED_DENY : { ...ALLOW, skipped: 'not a guarded kind' }),
    });
    await post(POD_CREATE);
    const dry = await post(SERVICE_CREATE_DRY_RUN);
    expect(JSON.parse(dry.text).response).toStrictEqual({ uid: SERVICE_CREATE_DRY_RUN.request.uid, allowed: true });
    await post(REPLICASET_DELETE);
    expect(decisions).toHaveLength(2);
    expect(decisions[0]).toStrictEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      uid: POD_CREATE.request.uid,
      operation: 'CREATE',
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: 'shop',
      name: 'debug',
      user: 'arn:aws:sts::111122223333:assumed-role/platform-admin/alice',
      allowed: false,
      verdict: 'denied',
      violations: [{ checkId: 'wl-privileged', mode: 'enforce', severity: 'critical' }],
      // The clock is read on arrival, before and after the judge, and once answered: three steps.
      latencyMs: 7.5,
    });
    expect(decisions[1]).toMatchObject({ operation: 'DELETE', apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7c9b6', verdict: 'allowed', skipped: 'not a guarded kind' });
  });

  it('counts and records audit-only violations as audited, and records waived findings and check errors', async () => {
    const audited: Verdict = {
      allowed: true,
      warnings: [],
      violations: [{ ...PRIVILEGED_DENY.violations[0]!, mode: 'audit' }],
      waived: 2,
      checkErrors: ['wl-host-path: cannot read spec.volumes'],
    };
    const { post, server, decisions, logs } = await start({ judge: (request) => (request.kind.kind === 'Pod' ? audited : ALLOW) });
    await post(POD_CREATE);
    await post(DEPLOYMENT_UPDATE);
    expect(decisions[0]).toMatchObject({
      allowed: true,
      verdict: 'audited',
      violations: [{ checkId: 'wl-privileged', mode: 'audit', severity: 'critical' }],
      waived: 2,
      checkErrors: ['wl-host-path: cannot read spec.volumes'],
    });
    expect(decisions[1]!.verdict).toBe('allowed');
    expect(decisions[1]).not.toHaveProperty('checkErrors');
    expect(decisions[1]).not.toHaveProperty('waived');
    const text = server.metrics.render();
    expect(text).toContain('eksguard_admission_verdicts_total{verdict="audited"} 1\n');
    expect(text).toContain('eksguard_admission_verdicts_total{verdict="allowed"} 1\n');
    expect(logs).toContain(`review ${POD_CREATE.request.uid} (CREATE Pod): 1 check(s) failed to run: wl-host-path: cannot read spec.volumes`);
  });

  it('denies a review whose object is of the wrong type, with a reason and code 400', async () => {
    const { post, decisions, logs } = await start();
    const review = copyOf(POD_CREATE) as { request: Record<string, unknown> };
    review.request.object = 'not an object';
    const answer = await post(review);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).response).toStrictEqual({
      uid: POD_CREATE.request.uid,
      allowed: false,
      status: { code: 400, message: 'eksguard: malformed AdmissionReview: request.object must be an object or null' },
    });
    expect(decisions).toHaveLength(0);
    expect(logs.some((line) => line.includes('malformed request'))).toBe(true);
  });
});

describe('serveAdmission: HTTP errors', () => {
  it('answers 400 to bodies with no uid to answer to', async () => {
    const { post } = await start();
    for (const [body, message] of [
      ['{"apiVersion":', 'body is not valid JSON'],
      [{ ...POD_CREATE, apiVersion: 'admission.k8s.io/v1beta1' }, 'apiVersion must be admission.k8s.io/v1; list only "v1" in admissionReviewVersions'],
      [{ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, 'request must be an object'],
    ] as const) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      expect(answer.text).toBe(`${message}\n`);
    }
  });

  it('answers 404, 405 and 415', async () => {
    const { port, agent } = await start();
    const notFound = await send(port, agent, { path: '/mutate', body: JSON.stringify(POD_CREATE) });
    expect(notFound.status).toBe(404);
    const method = await send(port, agent, { method: 'GET' });
    expect([method.status, method.headers.allow]).toEqual([405, 'POST']);
    const probe = await send(port, agent, { method: 'POST', path: '/healthz' });
    expect([probe.status, probe.headers.allow]).toEqual([405, 'GET, HEAD']);
    const yaml = await send(port, agent, { body: 'apiVersion: v1', headers: { 'Content-Type': 'application/yaml' } });
    expect(yaml.status).toBe(415);
    const gzip = await send(port, agent, { body: JSON.stringify(POD_CREATE), headers: { 'Content-Encoding': 'gzip' } });
    expect(gzip.status).toBe(415);
  });

  it('answers 413 to a 10 MB body, declared or streamed, and keeps serving', async () => {
    const { post } = await start();
    const huge = JSON.stringify({ ...POD_CREATE, padding: 'x'.repeat(10 * 1024 * 1024) });
    const declared = await post(huge);
    expect(declared.status).toBe(413);
    expect(declared.headers.connection).toBe('close');
    // Streamed without a length, the server stops at the limit and closes the connection: the
    // client sees the 413, or a reset if it was still writing when the socket closed.
    const streamed = await post(huge, { chunkBytes: 64 * 1024 }).catch((error: NodeJS.ErrnoException) => error.code);
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(typeof streamed === 'object' ? streamed.status : streamed);
    expect((await post(POD_CREATE)).status).toBe(200);
  });

  it('answers 408 to a client too slow to send its headers, and keeps serving', async () => {
    const { port, post } = await start({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, ca: certA.cert }, () => socket.write('POST /validate HTTP/1.1\r\nHost: webhook\r\n'));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect((await post(POD_CREATE)).status).toBe(200);
  });

  it('answers 429 with Retry-After past the concurrency cap, and the held reviews once released', async () => {
    const release = gate();
    const { post, server } = await start({ maxConcurrent: 2, budgetMs: 10_000, judge: () => release.wait.then(() => ALLOW) });
    const held = [post(POD_CREATE), post(DEPLOYMENT_UPDATE)];
    await eventually(() => server.metrics.inFlight === 2, 'two reviews in flight');
    const refused = await post(REPLICASET_DELETE);
    expect([refused.status, refused.headers['retry-after']]).toEqual([429, '1']);
    release.open();
    expect((await Promise.all(held)).map((answer) => answer.status)).toEqual([200, 200]);
    await eventually(() => server.metrics.inFlight === 0, 'no review in flight');
  });

  it('holds no judging slot for a body still uploading, and cuts a stalled upload off after bodyTimeoutMs', async () => {
    const { server, post } = await start({ maxConcurrent: 64, bodyTimeoutMs: 500 });
    const stalled = Array.from({ length: 64 }, () => stalledUpload(server.address().port, 2000, Buffer.from('{')));
    await eventually(() => server.metrics.receiving === 64, '64 uploads under way');
    const good = await post(POD_CREATE);
    expect(good.status).toBe(200);
    expect(JSON.parse(good.text).response.uid).toBe(POD_CREATE.request.uid);
    const answers = await Promise.all(stalled.map(({ answer }) => answer));
    for (const answer of answers) {
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(answer).toMatch(/\r\nConnection: close\r\n/i);
      expect(answer).toContain('request body not received within 500 ms');
    }
    expect(server.metrics.receiving).toBe(0);
    expect(server.metrics.bufferedBytes).toBe(0);
  });

  it('answers 503 with Retry-After, unread, to a body that would go past maxBufferedBytes; small reviews still fit', async () => {
    const { server, post } = await start({ maxBodyBytes: 512 * 1024, maxBufferedBytes: 1024 * 1024, bodyTimeoutMs: 10_000 });
    const holding = stalledUpload(server.address().port, 510 * 1024, Buffer.alloc(500 * 1024, 0x20));
    await eventually(() => server.metrics.bufferedBytes === 500 * 1024, 'the stalled upload held');
    // Large bodies together get 768 KiB of the 1 MiB: 500 + 300 KiB do not fit.
    const refused = await post(JSON.stringify({ ...POD_CREATE, padding: 'x'.repeat(300 * 1024) }));
    expect([refused.status, refused.headers['retry-after'], refused.headers.connection]).toEqual([503, '1', 'close']);
    expect(refused.text).toBe('too many request bytes in flight; retry later\n');
    expect((await post(POD_CREATE)).status).toBe(200);
    holding.socket.destroy();
    await eventually(() => server.metrics.bufferedBytes === 0, 'the bytes released');
  });

  it('bounds the memory held by many large uploads and keeps answering small reviews', async () => {
    const bodyBytes = 6 * 1024 * 1024 - 1;
    const { server, post } = await start({ maxBodyBytes: 6 * 1024 * 1024, maxBufferedBytes: 16 * 1024 * 1024, bodyTimeoutMs: 30_000, requestTimeoutMs: 30_000 });
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    let bufferedPeak = 0;
    const head = Buffer.alloc(bodyBytes - 1, 0x20);
    const uploads = Array.from({ length: 40 }, () => stalledUpload(server.address().port, bodyBytes, head));
    let closed = 0;
    for (const { answer } of uploads) void answer.then(() => closed++);
    // Settled: each upload either refused and closed, or all but its last byte held.
    await eventually(
      () => {
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        bufferedPeak = Math.max(bufferedPeak, server.metrics.bufferedBytes);
        const held = server.metrics.receiving;
        return closed + held === 40 && server.metrics.bufferedBytes === held * head.length;
      },
      'every upload refused or held',
      60_000,
    );
    // Large bodies get 12 MiB of the 16: at most two of these fit.
    expect(server.metrics.receiving).toBeLessThanOrEqual(2);
    expect(bufferedPeak).toBeLessThanOrEqual(12 * 1024 * 1024);
    expect(server.metrics.render()).toMatch(/eksguard_admission_http_errors_total\{code="503"\} (3[89]|40)\n/);
    expect((await post(POD_CREATE)).status).toBe(200);
    // 40 uploads of 6 MiB held at once would be 240 MiB.
    expect(rssPeak - rssBefore).toBeLessThan(128 * 1024 * 1024);
  }, 90_000);

  it('serves plain HTTP only when asked to', async () => {
    const server = await serveAdmission({ port: 0, host: '127.0.0.1', insecureHttp: true, judge: () => PRIVILEGED_DENY, failurePolicy: 'deny' });
    const agent = new HttpAgent({ keepAlive: true });
    cleanups.push(() => server.close(), () => agent.destroy());
    const answer = await send(server.address().port, agent, { http: true, body: JSON.stringify(POD_CREATE) });
    expect(JSON.parse(answer.text).response.allowed).toBe(false);
    await expect(serveAdmission({ port: 0, judge: () => ALLOW, failurePolicy: 'deny' })).rejects.toThrow(/tlsCertFile and tlsKeyFile are required/);
  });
});

describe('serveAdmission: budget and failures', () => {
  const slowJudge = (): Promise<Verdict> => new Promise((resolve) => setTimeout(() => resolve(PRIVILEGED_DENY), 200));

  it('past the budget, failure mode allow admits with a warning and counts a timeout', async () => {
    const { post, server, logs, decisions } = await start({ budgetMs: 20, failurePolicy: 'allow', judge: slowJudge });
    const answer = JSON.parse((await post(POD_CREATE)).text);
    expect(answer.response).toStrictEqual({
      uid: POD_CREATE.request.uid,
      allowed: true,
      warnings: ['eksguard could not judge this request within its 20 ms budget; admitted unjudged (failure mode allow)'],
    });
    expect(server.metrics.render()).toContain('eksguard_admission_verdicts_total{verdict="timeout"} 1');
    expect(logs.some((line) => line.includes('no verdict within 20 ms'))).toBe(true);
    expect(decisions.map((record) => [record.verdict, record.allowed])).toEqual([['timeout', true]]);
  });

  it('answers a synchronous verdict that ran past the budget, and logs, counts and records it', async () => {
    let now = 0;
    const { post, server, logs, decisions } = await start({
      budgetMs: 200,
      failurePolicy: 'deny',
      clock: () => now,
      // A judge that computes for 450 ms on the injected clock without yielding.
      judge: () => ((now += 450), PRIVILEGED_DENY),
    });
    const answer = JSON.parse((await post(POD_CREATE)).text);
    expect(answer.response).toStrictEqual({ uid: POD_CREATE.request.uid, allowed: false, status: PRIVILEGED_DENY.status });
    const text = server.metrics.render();
    expect(text).toContain('eksguard_admission_over_budget_total 1\n');
    expect(text).toContain('eksguard_admission_verdicts_total{verdict="denied"} 1\n');
    expect(text).toContain('eksguard_admission_verdicts_total{verdict="timeout"} 0\n');
    expect(logs).toContain(`review ${POD_CREATE.request.uid} (CREATE Pod): verdict took 450 ms, over the 200 ms budget; answered with it`);
    expect(decisions.map((record) => [record.verdict, record.overBudget])).toEqual([['denied', true]]);
  });

  it('past the budget, failure mode deny refuses with code 503', async () => {
    const { post } = await start({ budgetMs: 20, failurePolicy: 'deny', judge: slowJudge });
    const answer = JSON.parse((await post(POD_CREATE)).text);
    expect(answer.response).toStrictEqual({
      uid: POD_CREATE.request.uid,
      allowed: false,
      status: { code: 503, message: 'eksguard could not judge this request within its 20 ms budget; denied (failure mode deny), try again' },
    });
  });

  it('a judge that throws gets the failure answer with no internals, and is logged', async () => {
    const failing = (): Verdict => {
      throw new Error('cannot read /etc/eksguard/secret.yaml at Object.judge (/app/dist/verdict.js:10:5)');
    };
    const { post, server, logs } = await start({ failurePolicy: 'deny', judge: failing });
    const answer = await post(POD_CREATE);
    const review = JSON.parse(answer.text);
    expect(review.response).toStrictEqual({
      uid: POD_CREATE.request.uid,
      allowed: false,
      status: { code: 500, message: 'eksguard failed to judge this request; denied (failure mode deny), try again' },
    });
    expect(answer.text).not.toMatch(/secret\.yaml|verdict\.js|\bat /);
    expect(logs.some((line) => line.includes('judge failed') && line.includes('secret.yaml'))).toBe(true);
    expect(server.metrics.render()).toContain('eksguard_admission_verdicts_total{verdict="error"} 1');
    const rejecting = await start({ failurePolicy: 'allow', judge: () => Promise.reject(new Error('registry unreachable')) });
    expect(JSON.parse((await rejecting.post(POD_CREATE)).text).response.warnings).toEqual([
      'eksguard failed to judge this request; admitted unjudged (failure mode allow)',
    ]);
  });
});

/** Prometheus text exposition: sample name with labels → value; checks every line is well-formed. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const match = /^([a-z_]+(?:\{[a-z_]+="(?:[^"\\]|\\.)*"(?:,[a-z_]+="(?:[^"\\]|\\.)*")*\})?) (\S+)$/.exec(line);
    expect(match, line).not.toBeNull();
    samples.set(match![1]!, Number(match![2]));
  }
  return samples;
}

describe('serveAdmission: probes and metrics', () => {
  it('exposes requests, verdicts, HTTP errors, the latency histogram and in-flight reviews', async () => {
    const { port, agent, post } = await start({ judge: (request) => (request.kind.kind === 'Pod' ? PRIVILEGED_DENY : ALLOW) });
    await post(POD_CREATE);
    await post(POD_CREATE);
    await post(DEPLOYMENT_UPDATE);
    await post('{');
    const answer = await send(port, agent, { method: 'GET', path: '/metrics' });
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(answer.text).toContain('# TYPE eksguard_admission_duration_seconds histogram');
    const samples = parseExposition(answer.text);
    expect(samples.get('eksguard_admission_requests_total{operation="CREATE",kind="Pod"}')).toBe(2);
    expect(samples.get('eksguard_admission_requests_total{operation="UPDATE",kind="Deployment"}')).toBe(1);
    expect(samples.get('eksguard_admission_verdicts_total{verdict="denied"}')).toBe(2);
    expect(samples.get('eksguard_admission_verdicts_total{verdict="allowed"}')).toBe(1);
    expect(samples.get('eksguard_admission_verdicts_total{verdict="timeout"}')).toBe(0);
    expect(samples.get('eksguard_admission_http_errors_total{code="400"}')).toBe(1);
    expect(samples.get('eksguard_admission_duration_seconds_count')).toBe(3);
    expect(samples.get('eksguard_admission_duration_seconds_bucket{le="+Inf"}')).toBe(3);
    const buckets = [...samples].filter(([name]) => name.startsWith('eksguard_admission_duration_seconds_bucket')).map(([, value]) => value);
    expect(buckets).toHaveLength(11);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(samples.get('eksguard_admission_in_flight_requests')).toBe(0);
  });

  it('is live and ready while serving', async () => {
    const { port, agent } = await start();
    expect((await send(port, agent, { method: 'GET', path: '/healthz' })).text).toBe('ok\n');
    expect((await send(port, agent, { method: 'GET', path: '/readyz' })).status).toBe(200);
  });

  it('shuts down gracefully: not ready, no new connections, the review in flight answered', async () => {
    const release = gate();
    const { server, port, post } = await start({ budgetMs: 10_000, judge: () => release.wait.then(() => PRIVILEGED_DENY) });
    // A probe whose request is under way when shutdown starts is answered "not ready".
    const probe = connect({ host: '127.0.0.1', port, ca: certA.cert });
    await new Promise((resolve) => probe.once('secureConnect', resolve));
    probe.write('GET /readyz HTTP/1.1\r\nHost: webhook\r\n');
    const scraper = connect({ host: '127.0.0.1', port, ca: certA.cert });
    await new Promise((resolve) => scraper.once('secureConnect', resolve));
    const inFlight = post(POD_CREATE);
    await eventually(() => server.metrics.inFlight === 1, 'the review in flight');
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    expect(server.ready()).toBe(false);
    const probeAnswer = new Promise<string>((resolve) => {
      let text = '';
      probe.setEncoding('utf8');
      probe.on('data', (chunk: string) => (text += chunk));
      probe.on('close', () => resolve(text));
    });
    probe.write('\r\n');
    expect(await probeAnswer).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    // A metrics scrape on an open connection is answered, and its connection closed.
    const scrape = await new Promise<string>((resolve) => {
      let text = '';
      scraper.setEncoding('utf8');
      scraper.on('data', (chunk: string) => (text += chunk));
      scraper.on('close', () => resolve(text));
      scraper.write('GET /metrics HTTP/1.1\r\nHost: webhook\r\n\r\n');
    });
    expect(scrape).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(scrape).toMatch(/\r\nConnection: close\r\n/i);
    await expect(peerFingerprint(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(closed).toBe(false);
    release.open();
    const answer = await inFlight;
    expect(JSON.parse(answer.text).response).toMatchObject({ uid: POD_CREATE.request.uid, allowed: false });
    await closing;
    expect(closed).toBe(true);
  });
});

describe('serveAdmission: TLS', () => {
  const handshake = (port: number, options: { minVersion?: 'TLSv1.2' | 'TLSv1.3'; maxVersion?: 'TLSv1.2' | 'TLSv1.3'; ciphers?: string }): Promise<string> =>
    new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, ca: certA.cert, ...options }, () => {
        const answer = `${socket.getProtocol()} ${socket.getCipher().standardName}`;
        socket.end();
        resolve(answer);
      });
      socket.on('error', reject);
    });

  it('offers TLS 1.2 with ECDHE and AEAD suites only, and TLS 1.3', async () => {
    const { port } = await start();
    await expect(handshake(port, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:AES128-SHA' })).rejects.toThrow();
    await expect(handshake(port, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384' })).rejects.toThrow();
    expect(await handshake(port, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256' })).toMatch(/^TLSv1\.2 TLS_ECDHE_/);
    expect(await handshake(port, { minVersion: 'TLSv1.3' })).toMatch(/^TLSv1\.3 TLS_/);
  });
});

describe('serveAdmission: certificate reload', () => {
  it('serves a new certificate swapped into the Secret volume, and keeps it when the next one is broken', async () => {
    const volume = new SecretVolume(certA);
    const { port, logs, post } = await start({ certPollIntervalMs: 50 }, volume);
    const fingerprintA = await peerFingerprint(port);
    volume.update(certB);
    await eventually(async () => (await peerFingerprint(port)) !== fingerprintA, 'certificate B served');
    const fingerprintB = await peerFingerprint(port);
    expect(logs.some((line) => line.startsWith(`certificate reloaded: sha256 ${fingerprintB}`))).toBe(true);

    volume.update({ cert: '-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n', key: certB.key });
    await eventually(() => logs.some((line) => line.startsWith('certificate reload failed')), 'the failed reload logged');
    volume.update({ cert: certA.cert, key: certB.key });
    await eventually(() => logs.filter((line) => line.startsWith('certificate reload failed')).length === 2, 'the mismatched pair refused');
    expect(logs.at(-1)).toMatch(/is not the key of the certificate/);
    expect(await peerFingerprint(port)).toBe(fingerprintB);
    expect((await post(POD_CREATE)).status).toBe(200);
  });

  it('notices the swap through the directory watch alone', async () => {
    const volume = new SecretVolume(certA);
    const { port } = await start({ certPollIntervalMs: 3_600_000 }, volume);
    const fingerprintA = await peerFingerprint(port);
    volume.update(certB);
    await eventually(async () => (await peerFingerprint(port)) !== fingerprintA, 'certificate B served');
  });

  it('refuses to start without a usable certificate', async () => {
    const volume = new SecretVolume({ cert: certA.cert, key: certB.key });
    await expect(start({}, volume)).rejects.toThrow(/is not the key of the certificate/);
  });
});
