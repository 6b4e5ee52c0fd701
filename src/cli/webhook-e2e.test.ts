/**
 * The admission webhook as the API server meets it: `eksguard webhook serve` started by the
 * CLI with a `.eksguard.yaml`, real HTTPS AdmissionReviews for each decision the issue names —
 * deny, warn, audit, an exception, dry-run, UPDATE with and without a template change, DELETE —
 * and the audit trail that records them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOf, DEPLOYMENT_UPDATE, POD_CREATE, REPLICASET_DELETE } from '../admission/test-support/admission-reviews.js';
import { send } from '../admission/test-support/client.js';
import { runCli } from './main.js';
import { Capture, run, waitForOutput } from './test-support/run.js';


const CONFIG = `admission:
  mode: warn
  checks:
    wl-privileged: enforce
  namespaces:
    - match: ["sandbox-*"]
      mode: audit
exceptions:
  - checks: [wl-privileged]
    resources: { namespace: ci, labels: { app.kubernetes.io/name: buildkit } }
    reason: rootful BuildKit until the rootless migration lands
`;

interface Response {
  response: { uid: string; allowed: boolean; status?: { code: number; message: string }; warnings?: string[] };
}

type Review = ReturnType<typeof copyOf<typeof POD_CREATE>>;

let dir: string;
let port = 0;
let agent: Agent;
let done: Promise<number>;
const stderr = new Capture();
let counter = 0;

/** POD_CREATE (a privileged pod in shop) with a fresh uid, changed by `change`. */
function pod(change: (review: Review, object: { metadata: Record<string, unknown>; spec: { containers: Array<Record<string, unknown>> } }) => void = () => undefined): Review {
  const review = copyOf(POD_CREATE);
  review.request.uid = `a0000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
  change(review, review.request.object);
  return review;
}

async function judge(review: unknown): Promise<Response['response']> {
  const answer = await send(port, agent, { body: JSON.stringify(review) });
  expect(answer.status).toBe(200);
  const parsed = JSON.parse(answer.text) as Response & { apiVersion: string; kind: string };
  expect(parsed).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: (review as Review).request.uid } });
  return parsed.response;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eksguard-webhook-e2e-'));
  expect((await run(['webhook', 'certs', '--service', 'eksguard-webhook', '--namespace', 'eksguard', '-o', 'certs', '--dns', 'localhost'], { cwd: dir })).code).toBe(0);
  writeFileSync(join(dir, '.eksguard.yaml'), CONFIG);
  done = runCli(
    ['webhook', 'serve', '--tls-cert', 'certs/tls.crt', '--tls-key', 'certs/tls.key', '--port', '0', '--host', '127.0.0.1', '--namespace', 'eksguard', '--audit-log', 'audit.jsonl'],
    { stdout: new Capture(), stderr, stdin: Readable.from([]), env: {}, cwd: dir },
  );
  port = Number(await waitForOutput(stderr, /https:\/\/127\.0\.0\.1:(\d+)\/validate/));
  expect(port, stderr.text).toBeGreaterThan(0);
  agent = new Agent({ ca: readFileSync(join(dir, 'certs/ca.crt')), servername: 'localhost', keepAlive: true });
});

afterAll(async () => {
  agent.destroy();
  process.emit('SIGTERM');
  await done;
});

describe('webhook over HTTPS, with the real checks and configuration', () => {
  it('denies an enforced violation, naming check, field and fix', async () => {
    const answer = await judge(pod());
    expect(answer).toMatchObject({ allowed: false, status: { code: 403 } });
    expect(answer.status?.message).toMatch(/wl-privileged: .*spec\.containers\[0\]\.securityContext\.privileged.*fix:/);
  });

  it('admits a warn-mode violation with a kubectl warning', async () => {
    const answer = await judge(pod((_, object) => ((object.spec.containers[0] as Record<string, unknown>).securityContext = { runAsUser: 0 })));
    expect(answer.allowed).toBe(true);
    expect(answer.warnings?.join('\n')).toMatch(/^eksguard: .*root/im);
  });

  it('admits silently in an audit-mode namespace, recording the violation', async () => {
    // A namespace rule's mode relaxes the default there; checks set in admission.checks stay guardrails everywhere.
    const answer = await judge(
      pod((review, object) => {
        review.request.namespace = 'sandbox-alice';
        object.metadata.namespace = 'sandbox-alice';
        (object.spec.containers[0] as Record<string, unknown>).securityContext = { runAsUser: 0 };
      }),
    );
    expect(answer.allowed).toBe(true);
    expect(answer.warnings ?? []).toEqual([]);
  });

  it('honours an exception from .eksguard.yaml', async () => {
    const answer = await judge(
      pod((review, object) => {
        review.request.namespace = 'ci';
        object.metadata.namespace = 'ci';
        object.metadata.labels = { 'app.kubernetes.io/name': 'buildkit' };
      }),
    );
    expect(answer.allowed).toBe(true);
  });

  it('answers a dry run the same way, without recording it', async () => {
    const answer = await judge(pod((review) => (review.request.dryRun = true)));
    expect(answer.allowed).toBe(false);
  });

  it('does not re-judge an UPDATE that leaves the pod template alone, and judges one that changes it', async () => {
    const privileged = (object: unknown) => ((object as { spec: { template: { spec: { containers: Array<Record<string, unknown>> } } } }).spec.template.spec.containers[0]!.securityContext = { privileged: true });
    // `kubectl scale` of a Deployment admitted before enforcement: the template is untouched.
    const scaled = copyOf(DEPLOYMENT_UPDATE);
    scaled.request.uid = 'b0000000-0000-4000-8000-000000000001';
    privileged(scaled.request.oldObject);
    scaled.request.object = copyOf(scaled.request.oldObject);
    (scaled.request.object as { spec: { replicas: number }; metadata: { resourceVersion: string } }).spec.replicas = 10;
    (scaled.request.object as { metadata: { resourceVersion: string } }).metadata.resourceVersion = '99999';
    expect((await judge(scaled)).allowed).toBe(true);

    const escalated = copyOf(DEPLOYMENT_UPDATE);
    escalated.request.uid = 'b0000000-0000-4000-8000-000000000002';
    privileged(escalated.request.object);
    const answer = await judge(escalated);
    expect(answer.allowed).toBe(false);
    expect(answer.status?.message).toContain('spec.template.spec.containers[0].securityContext.privileged');
  });

  it('allows a DELETE', async () => {
    expect((await judge(REPLICASET_DELETE)).allowed).toBe(true);
  });

  it('records every decision but the dry run in the audit trail', async () => {
    await judge(pod((review) => (review.request.uid = 'c0000000-0000-4000-8000-00000000ffff')));
    let lines: Array<{ uid: string; verdict: string; violations: Array<{ checkId: string; mode: string }> }> = [];
    for (let i = 0; i < 100 && !lines.some((line) => line.uid.startsWith('c0000000')); i++) {
      lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as (typeof lines)[number]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const byUid = new Map(lines.map((line) => [line.uid, line]));
    expect(byUid.get('a0000000-0000-4000-8000-000000000001')?.verdict).toBe('denied');
    expect(byUid.get('a0000000-0000-4000-8000-000000000002')?.verdict).toBe('warned');
    expect(byUid.get('a0000000-0000-4000-8000-000000000003')?.verdict).toBe('audited');
    expect(byUid.get('a0000000-0000-4000-8000-000000000003')?.violations.map((violation) => violation.mode)).toEqual(expect.arrayContaining(['audit']));
    expect(byUid.get('a0000000-0000-4000-8000-000000000003')?.violations.every((violation) => violation.mode === 'audit')).toBe(true);
    expect(byUid.has('a0000000-0000-4000-8000-000000000005')).toBe(false); // the dry run
    expect(byUid.get('b0000000-0000-4000-8000-000000000002')?.verdict).toBe('denied');
  });
});
