/**
 * `eksguard detect serve` end to end: the CLI listening over HTTPS, the API server's EventList
 * POSTs sent with a real TLS client, alerts on stdout and the summary once stopped.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../test/fakes/kube/tls.js';
import { EXEC_EVENT, GET_SECRET_EVENT } from '../detect/events/test-support/samples.js';
import { runCli } from './main.js';
import { Capture, run, waitForOutput } from './test-support/run.js';


let dir: string;
let cert: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eksguard-serve-cli-'));
  const tls = selfSignedCertificate();
  cert = tls.cert;
  writeFileSync(join(dir, 'tls.crt'), tls.cert);
  writeFileSync(join(dir, 'tls.key'), tls.key);
  writeFileSync(join(dir, 'token'), 'b7f3c9e1d2a4f6081357924680acebdf\n');
});

function post(port: number, body: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/audit', method: 'POST', ca: cert, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'user-agent': 'Go-http-client/1.1' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const eventList = (...items: unknown[]) => JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items });

describe('eksguard detect serve', () => {
  it('serves the audit webhook until stopped, alerting on what the API server posts', async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    const done = runCli(
      ['detect', 'serve', '--port', '0', '--host', '127.0.0.1', '--tls-cert', 'tls.crt', '--tls-key', 'tls.key', '--token-file', 'token', '--fail-on', 'high'],
      { stdout, stderr, stdin: Readable.from([]), env: {}, cwd: dir },
    );
    const port = Number(await waitForOutput(stderr, /listening on https:\/\/127\.0\.0\.1:(\d+)\/audit/));
    expect(port, stderr.text).toBeGreaterThan(0);

    expect(await post(port, eventList({ ...EXEC_EVENT, objectRef: { ...EXEC_EVENT.objectRef, namespace: 'kube-system' } }, GET_SECRET_EVENT), 'b7f3c9e1d2a4f6081357924680acebdf')).toBe(200);
    expect(await post(port, eventList(EXEC_EVENT), 'wrong-token')).toBe(401);
    expect(await post(port, 'not json', 'b7f3c9e1d2a4f6081357924680acebdf')).toBe(400);
    // The alert was delivered before the 200.
    expect(stdout.text).toContain('"ruleId":"k8s-exec-into-kube-system-pod"');

    process.emit('SIGTERM');
    expect(await done).toBe(1);
    expect(stderr.text).toContain('eksguard detect serve: events: 2 (2 k8s-audit, 0 cloudtrail)');
    expect(stderr.text).toMatch(/requests: 3 \(1 accepted; refused: .*1 unauthorized.*1 badBody/);
    expect(stderr.text).not.toContain('b7f3c9e1d2a4f6081357924680acebdf');
  });

  it('refuses to start without TLS or without authentication', async () => {
    expect((await run(['detect', 'serve', '--port', '0'], { cwd: dir })).stderr).toContain('needs --tls-cert and --tls-key');
    const open = await run(['detect', 'serve', '--port', '0', '--tls-cert', 'tls.crt', '--tls-key', 'tls.key'], { cwd: dir });
    expect(open.code).toBe(2);
    expect(open.stderr).toContain('needs --token-file, --token-env or --client-ca');
    expect((await run(['detect', 'serve', '--tls-cert', 'tls.crt', '--tls-key', 'tls.key', '--token-env', 'NOT_SET'], { cwd: dir })).stderr).toContain('environment variable NOT_SET is empty or not set');
  });
});
