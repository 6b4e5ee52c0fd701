/**
 * `eksguard detect --follow` end to end: the CLI, the real CloudWatch Logs SDK client and the
 * local fake that speaks the CloudWatch Logs API, with the checkpoint on disk between runs.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../../test/fakes/aws/index.js';
import { loadFixtureAccount } from '../../test/fixtures/account/aws/index.js';
import { EXEC_EVENT, GET_SECRET_EVENT } from '../detect/events/test-support/samples.js';
import type { Alert } from '../model/index.js';
import { run } from './test-support/run.js';

const GROUP = '/aws/eks/prod/cluster';
const STREAM = 'kube-apiserver-audit-4c8e2a1f0b9d47e6a3c5f18d2b7e9a04';
let fake: FakeAws;
let dir: string;
let sequence = 0;

/** A log event as FilterLogEvents returns it, `agoMs` before now (follow starts 5 minutes back). */
function push(message: string, agoMs: number): void {
  const timestamp = Date.now() - agoMs;
  sequence++;
  const event: FilteredLogEvent = { logStreamName: STREAM, timestamp, message, ingestionTime: timestamp + 800, eventId: `${BigInt(timestamp) * 10n ** 43n + BigInt(sequence)}` };
  fake.account.logs.logEvents ??= {};
  (fake.account.logs.logEvents[GROUP] ??= []).push(event);
}

function exec(pod: string, agoMs: number): void {
  const at = new Date(Date.now() - agoMs).toISOString();
  push(JSON.stringify({ ...EXEC_EVENT, auditID: `exec-${pod}`, objectRef: { ...EXEC_EVENT.objectRef, name: pod }, requestURI: `/api/v1/namespaces/payments/pods/${pod}/exec?command=sh`, stageTimestamp: at, requestReceivedTimestamp: at }), agoMs);
}

const follow = (...extra: string[]) =>
  run(['detect', '--follow', '--once', '--cluster', 'prod', '--region', 'eu-west-1', '--checkpoint', join(dir, 'prod.json'), '--fail-on', 'none', ...extra], {
    cwd: dir,
    env: { AWS_ENDPOINT_URL: fake.url, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLEFAKE', AWS_SECRET_ACCESS_KEY: 'fake-secret' },
  });
const alertsOf = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Alert);

beforeEach(async () => {
  fake = await startFakeAws({ account: loadFixtureAccount(), pageSize: 2 });
  dir = mkdtempSync(join(tmpdir(), 'eksguard-follow-cli-'));
});
afterEach(() => fake.close());

describe('eksguard detect --follow', () => {
  it('reads the audit streams, alerts, checkpoints, and resumes without repeating or losing an alert', async () => {
    exec('api-7d9c5b6f4-aaaaa', 120_000);
    push(JSON.stringify({ ...GET_SECRET_EVENT, auditID: 'secret-1' }), 110_000);
    push(`${JSON.stringify(EXEC_EVENT).slice(0, 300)}[Truncated...]`, 100_000);
    exec('api-7d9c5b6f4-bbbbb', 90_000);

    const first = await follow();
    expect(first.code).toBe(0);
    expect(alertsOf(first.stdout).map((alert) => alert.object.name)).toEqual(['api-7d9c5b6f4-aaaaa', 'api-7d9c5b6f4-bbbbb']);
    expect(first.stderr).toContain('events: 3 (3 k8s-audit, 0 cloudtrail) from 1 file(s)');
    expect(first.stderr).toContain('input issues: 0 malformed, 1 truncated');
    expect(first.stderr).toContain(`${GROUP}/${STREAM}:0:`);
    expect(existsSync(join(dir, 'prod.json'))).toBe(true);
    const requests = fake.requests.filter((request) => request.operation === 'FilterLogEvents');
    expect(requests.every((request) => request.input.logStreamNamePrefix === 'kube-apiserver-audit-' && request.input.logGroupName === GROUP)).toBe(true);

    const again = await follow();
    expect(alertsOf(again.stdout)).toEqual([]);
    expect(again.stderr).toMatch(/follow: \d+ poll\(s\).*already-seen event\(s\) skipped/);

    exec('api-7d9c5b6f4-ccccc', 30_000);
    // a late arrival: older than the newest event already read, still inside the lookback
    exec('api-7d9c5b6f4-ddddd', 95_000);
    const third = await follow();
    expect(alertsOf(third.stdout).map((alert) => alert.object.name).sort()).toEqual(['api-7d9c5b6f4-ccccc', 'api-7d9c5b6f4-ddddd']);
  });

  it('writes alerts to a file sink as well as standard output', async () => {
    exec('api-7d9c5b6f4-aaaaa', 60_000);
    const result = await follow('--sink', 'stdout', '--sink', 'file=alerts.jsonl');
    expect(alertsOf(result.stdout)).toHaveLength(1);
    expect(alertsOf(readFileSync(join(dir, 'alerts.jsonl'), 'utf8'))[0]?.ruleId).toBe('k8s-exec-into-pod');
    expect(result.stderr).toContain('sink file:');
  });

  it('stops with a clear error when the cluster has no audit log group', async () => {
    const result = await run(['detect', '--follow', '--once', '--cluster', 'nope', '--region', 'eu-west-1', '--checkpoint', join(dir, 'nope.json')], {
      cwd: dir,
      env: { AWS_ENDPOINT_URL: fake.url, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLEFAKE', AWS_SECRET_ACCESS_KEY: 'fake-secret' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/aws/eks/nope/cluster');
  });

  it('inside an EKS pod, follows the pod\'s own cluster without --cluster or --region', async () => {
    exec('api-7d9c5b6f4-ccccc', 60_000);
    // The payload of a projected token as EKS issues it; only its issuer is read.
    const claims = { iss: 'https://oidc.eks.eu-west-1.amazonaws.com/id/5C3F2E1A9B7D4C6E8F0A1B2C3D4E5F60', sub: 'system:serviceaccount:eksguard:eksguard-detector', aud: ['eksguard-identity'] };
    const token = ['{"alg":"RS256","kid":"k1"}', JSON.stringify(claims), 'signature'].map((part) => Buffer.from(part).toString('base64url')).join('.');
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, token);
    const result = await run(['detect', '--follow', '--once', '--checkpoint', join(dir, 'own.json'), '--fail-on', 'none'], {
      cwd: dir,
      env: {
        AWS_ENDPOINT_URL: fake.url,
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLEFAKE',
        AWS_SECRET_ACCESS_KEY: 'fake-secret',
        KUBERNETES_SERVICE_HOST: '10.100.0.1',
        KUBERNETES_SERVICE_PORT: '443',
        EKSGUARD_SERVICE_ACCOUNT_TOKEN: tokenFile,
      },
    });
    expect(result.stderr).toContain('following EKS cluster prod (eu-west-1)');
    expect(alertsOf(result.stdout).map((alert) => alert.ruleId)).toContain('k8s-exec-into-pod');

    // --cluster without a region (Pod Identity sets no AWS_REGION): the issuer's region.
    const named = await run(['detect', '--follow', '--once', '--cluster', 'prod', '--checkpoint', join(dir, 'named.json'), '--fail-on', 'none'], {
      cwd: dir,
      env: { AWS_ENDPOINT_URL: fake.url, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLEFAKE', AWS_SECRET_ACCESS_KEY: 'fake-secret', KUBERNETES_SERVICE_HOST: '10.100.0.1', EKSGUARD_SERVICE_ACCOUNT_TOKEN: tokenFile },
    });
    expect(named.stderr).toContain('region eu-west-1, from the OIDC issuer');
    expect(alertsOf(named.stdout).map((alert) => alert.ruleId)).toContain('k8s-exec-into-pod');
  });

  it('refuses paths with --follow and --follow without a cluster', async () => {
    expect((await run(['detect', '--follow', '--cluster', 'prod', 'examples'])).stderr).toContain('give no paths');
    expect((await run(['detect', '--follow', '--region', 'eu-west-1'])).stderr).toContain('--follow needs --cluster');
    expect((await run(['detect'])).stderr).toContain('or --follow --cluster NAME');
  });
});
