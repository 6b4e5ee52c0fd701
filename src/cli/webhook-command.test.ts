/**
 * `eksguard webhook certs | manifests | serve` end to end: certificates written, manifests that
 * reference them, and the server started by the CLI judging real HTTPS AdmissionReviews with a
 * `.eksguard.yaml`, writing its audit trail, then stopped by SIGTERM.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { copyOf, POD_CREATE } from '../admission/test-support/admission-reviews.js';
import { send } from '../admission/test-support/client.js';
import { runCli } from './main.js';
import { Capture, run, waitForOutput } from './test-support/run.js';


const CONFIG = `admission:
  mode: warn
  checks:
    wl-privileged: enforce
`;

describe('eksguard webhook', () => {
  it('writes certificates and manifests that reference them, and refuses to overwrite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-webhook-cli-'));
    const certs = await run(['webhook', 'certs', '--service', 'eksguard-webhook', '--namespace', 'eksguard', '-o', 'certs'], { cwd: dir });
    expect(certs.code).toBe(0);
    expect(certs.stdout.split('\n').filter(Boolean).map((line) => line.slice(line.lastIndexOf('/') + 1)).sort()).toEqual(['ca.crt', 'ca.key', 'tls.crt', 'tls.key']);
    expect((await run(['webhook', 'certs', '--service', 'eksguard-webhook', '--namespace', 'eksguard', '-o', 'certs'], { cwd: dir })).code).toBe(2);

    const manifests = await run(['webhook', 'manifests', '--namespace', 'eksguard', '--image', `public.ecr.aws/example/eksguard@sha256:${'0'.repeat(64)}`, '--ca', 'certs/ca.crt'], { cwd: dir });
    expect(manifests.code).toBe(0);
    const objects = parseAllDocuments(manifests.stdout).map((doc) => doc.toJS() as { kind: string; webhooks?: Array<{ clientConfig: { caBundle: string } }> });
    const configuration = objects.find((object) => object.kind === 'ValidatingWebhookConfiguration');
    expect(Buffer.from(configuration?.webhooks?.[0]?.clientConfig.caBundle ?? '', 'base64').toString()).toBe(readFileSync(join(dir, 'certs/ca.crt'), 'utf8'));
    expect(objects.map((object) => object.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service', 'PodDisruptionBudget', 'ValidatingWebhookConfiguration']));
    expect((await run(['webhook', 'manifests', '--namespace', 'eksguard', '--image', 'x'], { cwd: dir })).stderr).toContain('give --ca');
  });

  it('serves: denies in enforce mode naming check, field and fix; warns; skips dry-run in the audit log; stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-webhook-serve-'));
    expect((await run(['webhook', 'certs', '--service', 'eksguard-webhook', '--namespace', 'eksguard', '-o', 'certs', '--dns', 'localhost'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, '.eksguard.yaml'), CONFIG);
    const stdout = new Capture();
    const stderr = new Capture();
    const done = runCli(
      ['webhook', 'serve', '--tls-cert', 'certs/tls.crt', '--tls-key', 'certs/tls.key', '--port', '0', '--host', '127.0.0.1', '--namespace', 'eksguard', '--audit-log', 'audit.jsonl'],
      { stdout, stderr, stdin: Readable.from([]), env: {}, cwd: dir },
    );
    const port = Number(await waitForOutput(stderr, /https:\/\/127\.0\.0\.1:(\d+)\/validate/));
    expect(port, stderr.text).toBeGreaterThan(0);
    // The serving certificate names the Service, and localhost for this test; the client checks it.
    const agent = new Agent({ ca: readFileSync(join(dir, 'certs/ca.crt')), servername: 'localhost', keepAlive: true });

    const denied = JSON.parse((await send(port, agent, { body: JSON.stringify(POD_CREATE) })).text) as { response: { uid: string; allowed: boolean; status?: { code: number; message: string } } };
    expect(denied.response).toMatchObject({ uid: POD_CREATE.request.uid, allowed: false, status: { code: 403 } });
    expect(denied.response.status?.message).toMatch(/wl-privileged.*securityContext\.privileged/);

    const rootOnly = copyOf(POD_CREATE);
    rootOnly.request.uid = 'c4a2f0e1-9b8d-4c7e-a6f5-0e1d2c3b4a59';
    const container = (rootOnly.request.object as { spec: { containers: Array<{ securityContext: Record<string, unknown> }> } }).spec.containers[0]!;
    container.securityContext = { runAsUser: 0 };
    const warned = JSON.parse((await send(port, agent, { body: JSON.stringify(rootOnly) })).text) as { response: { allowed: boolean; warnings?: string[] } };
    expect(warned.response.allowed).toBe(true);
    expect(warned.response.warnings?.some((warning) => warning.startsWith('eksguard'))).toBe(true);

    const dryRun = copyOf(POD_CREATE);
    dryRun.request.uid = 'd5b3a1f2-0c9e-4d8f-b7a6-1f2e3d4c5b6a';
    dryRun.request.dryRun = true;
    expect((JSON.parse((await send(port, agent, { body: JSON.stringify(dryRun) })).text) as { response: { allowed: boolean } }).response.allowed).toBe(false);
    const excluded = copyOf(POD_CREATE);
    excluded.request.uid = 'e6c4b2a3-1d0f-4e9a-8b7c-2a3b4c5d6e7f';
    excluded.request.namespace = 'eksguard';
    (excluded.request.object as { metadata: { namespace: string } }).metadata.namespace = 'eksguard';
    expect((JSON.parse((await send(port, agent, { body: JSON.stringify(excluded) })).text) as { response: { allowed: boolean } }).response.allowed).toBe(true);
    agent.destroy();

    process.emit('SIGTERM');
    expect(await done).toBe(0);
    const audit = readFileSync(join(dir, 'audit.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { uid: string; verdict: string; violations: Array<{ checkId: string }> });
    expect(audit.map((record) => `${record.uid.slice(0, 8)} ${record.verdict}`)).toEqual(['0b3e8f6a denied', 'c4a2f0e1 warned', 'e6c4b2a3 allowed']);
    expect(audit[0]?.violations.map((violation) => violation.checkId)).toContain('wl-privileged');
    expect(stderr.text).toContain('stopped');
  });

  it('keeps serving when the audit log cannot be written, sending decisions to standard error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-webhook-audit-'));
    const stderr = new Capture();
    const done = runCli(['webhook', 'serve', '--insecure-http', '--port', '0', '--host', '127.0.0.1', '--audit-log', '/proc/no-such-dir/audit.jsonl'], { stdout: new Capture(), stderr, stdin: Readable.from([]), env: {}, cwd: dir });
    const port = Number(await waitForOutput(stderr, /http:\/\/127\.0\.0\.1:(\d+)\/validate/));
    expect(port, stderr.text).toBeGreaterThan(0);
    const { Agent: HttpAgent } = await import('node:http');
    const agent = new HttpAgent();
    for (const uid of ['f1000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000002']) {
      const review = copyOf(POD_CREATE);
      review.request.uid = uid;
      expect((await send(port, agent, { body: JSON.stringify(review), http: true })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    agent.destroy();
    process.emit('SIGTERM');
    expect(await done).toBe(0);
    expect(stderr.text).toContain('decisions go to standard error instead');
    expect(stderr.text).toContain('"uid":"f1000000-0000-4000-8000-000000000002"');
  });

  it('refuses to serve without TLS, and with an admission section naming a check that never runs at admission', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-webhook-bad-'));
    expect((await run(['webhook', 'serve'], { cwd: dir })).stderr).toContain('needs --tls-cert and --tls-key');
    writeFileSync(join(dir, '.eksguard.yaml'), 'admission:\n  checks:\n    eks-endpoint-public-enabled: enforce\n');
    const bad = await run(['webhook', 'serve', '--insecure-http', '--port', '0'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\.eksguard\.yaml:3.*eks-endpoint-public-enabled does not run at admission/);
  });
});
