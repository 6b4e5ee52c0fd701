/**
 * `eksguard detect --follow --respond`: the cluster's audit log read live from the CloudWatch
 * Logs fake, each alert answered by playbooks against the fake Kubernetes API, with the follow
 * checkpoint and the response trail carried between runs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../../test/fakes/aws/index.js';
import { writeFakeKubeconfig } from '../../test/fakes/kube/kubeconfig.js';
import { startFakeKube, type FakeKube } from '../../test/fakes/kube/server.js';
import { loadFixtureAccount } from '../../test/fixtures/account/aws/index.js';
import { EXEC_EVENT } from '../detect/events/test-support/samples.js';
import { readTrailFile, type ActionRecord } from '../respond/responder/index.js';
import { respondClusterObjects } from './test-support/respond-cluster.js';
import { run } from './test-support/run.js';

const GROUP = '/aws/eks/prod/cluster';
const STREAM = 'kube-apiserver-audit-4c8e2a1f0b9d47e6a3c5f18d2b7e9a04';
const PLAYBOOKS = `apiVersion: eksguard.io/v1alpha1
kind: ResponsePlaybooks
playbooks:
  - name: contain-exec
    match: { rules: [k8s-exec-into-pod], namespaces: [payments] }
    actions:
      - { action: quarantine }
`;

let aws: FakeAws;
let kube: FakeKube;
let dir: string;
let sequence = 0;

/** An exec into a payments pod, `agoMs` before now, as FilterLogEvents returns it. */
function exec(pod: string, agoMs: number): void {
  const timestamp = Date.now() - agoMs;
  const at = new Date(timestamp).toISOString();
  const message = JSON.stringify({ ...EXEC_EVENT, auditID: `exec-${pod}-${++sequence}`, objectRef: { ...EXEC_EVENT.objectRef, name: pod }, requestURI: `/api/v1/namespaces/payments/pods/${pod}/exec?command=sh`, stageTimestamp: at, requestReceivedTimestamp: at });
  const event: FilteredLogEvent = { logStreamName: STREAM, timestamp, message, ingestionTime: timestamp + 800, eventId: `${BigInt(timestamp) * 10n ** 43n + BigInt(sequence)}` };
  aws.account.logs.logEvents ??= {};
  (aws.account.logs.logEvents[GROUP] ??= []).push(event);
}

const follow = (...extra: string[]) =>
  run(
    ['detect', '--follow', '--once', '--cluster', 'prod', '--region', 'eu-west-1', '--checkpoint', join(dir, 'prod.json'), '--fail-on', 'none', '--respond', join(dir, 'playbooks.yaml'), '--kubeconfig', 'kubeconfig', '--trail', join(dir, 'trail.jsonl'), ...extra],
    { cwd: dir, env: { HOME: dir, AWS_ENDPOINT_URL: aws.url, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLEFAKE', AWS_SECRET_ACCESS_KEY: 'fake-secret' } },
  );
const writes = () => kube.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`);
const trail = () => readTrailFile(join(dir, 'trail.jsonl')).records as ActionRecord[];

beforeEach(async () => {
  aws = await startFakeAws({ account: loadFixtureAccount(), pageSize: 2 });
  kube = await startFakeKube({ objects: respondClusterObjects() });
  dir = mkdtempSync(join(tmpdir(), 'eksguard-follow-respond-'));
  writeFakeKubeconfig(dir, kube.url);
  writeFileSync(join(dir, 'playbooks.yaml'), PLAYBOOKS);
});
afterEach(async () => {
  await aws.close();
  await kube.close();
});

describe('eksguard detect --follow --respond', () => {
  it('plans only by default: GETs to the API server, planned records in the trail', async () => {
    exec('api-7d9c5b6f4-x2kqp', 60_000);
    const result = await follow();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('eksguard detect: respond: DRY RUN: nothing is changed in the cluster; add --apply to act');
    expect(result.stderr).toMatch(/respond: \S+ planned quarantine Pod\/payments\/api-7d9c5b6f4-x2kqp \(k8s-exec-into-pod\)/);
    expect(kube.requests.length).toBeGreaterThan(0);
    expect(writes()).toEqual([]);
    expect(trail().map((record) => [record.action, record.mode, record.outcome])).toEqual([['quarantine', 'dry-run', 'planned']]);
  });

  it('with --apply, acts on each new alert once across restarts (checkpoint and trail)', async () => {
    exec('api-7d9c5b6f4-x2kqp', 120_000);
    const first = await follow('--apply');
    expect(first.code).toBe(0);
    const [quarantine] = trail();
    expect(quarantine).toMatchObject({ action: 'quarantine', mode: 'applied', outcome: 'applied', target: { kind: 'Pod', namespace: 'payments', name: 'api-7d9c5b6f4-x2kqp' } });
    expect(writes()).toEqual(['POST /apis/networking.k8s.io/v1/namespaces/payments/networkpolicies', 'PATCH /api/v1/namespaces/payments/pods/api-7d9c5b6f4-x2kqp']);
    const pod = (await (await fetch(`${kube.url}/api/v1/namespaces/payments/pods/api-7d9c5b6f4-x2kqp`)).json()) as { metadata: { labels: Record<string, string> } };
    expect(pod.metadata.labels['eksguard.io/quarantine']).toBe(quarantine!.id);
    expect(first.stderr).toMatch(/respond: 1 of 1 alert\(s\) matched a playbook; actions: 1 applied; trail: /);

    // Restarted: the checkpoint skips the event already read, nothing is planned or sent again.
    const again = await follow('--apply');
    expect(again.code).toBe(0);
    expect(writes()).toHaveLength(2);
    expect(trail()).toHaveLength(1);

    // A new exec into another pod of the same Deployment: answered; the first pod is not touched again.
    exec('api-7d9c5b6f4-b7m4n', 30_000);
    const third = await follow('--apply');
    expect(third.code).toBe(0);
    expect(writes().slice(2)).toEqual(['POST /apis/networking.k8s.io/v1/namespaces/payments/networkpolicies', 'PATCH /api/v1/namespaces/payments/pods/api-7d9c5b6f4-b7m4n']);
    expect(trail().map((record) => `${record.target?.name ?? '-'} ${record.outcome}`)).toEqual(['api-7d9c5b6f4-x2kqp applied', 'api-7d9c5b6f4-b7m4n applied']);
  });

  it('refuses --apply without --respond in follow mode before reading the log', async () => {
    const result = await run(['detect', '--follow', '--once', '--cluster', 'prod', '--region', 'eu-west-1', '--checkpoint', join(dir, 'prod.json'), '--apply'], {
      cwd: dir,
      env: { HOME: dir, AWS_ENDPOINT_URL: aws.url, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLEFAKE', AWS_SECRET_ACCESS_KEY: 'fake-secret' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--apply goes with --respond PLAYBOOKS');
    expect(aws.requests.filter((request) => request.operation === 'FilterLogEvents')).toEqual([]);
  });
});
