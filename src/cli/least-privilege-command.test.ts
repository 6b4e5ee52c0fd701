import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { run } from './test-support/run.js';

function validator(name: string): (value: unknown) => unknown {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(`docs/schemas/${name}.schema.json`, 'utf8')) as object);
  return (value) => (validate(value) ? [] : validate.errors);
}

const FIXTURES = 'src/respond/least-privilege/fixtures';
const ROLE = 'arn:aws:iam::111122223333:role/workloads/prod-payments-api';

describe('eksguard rbac least-privilege', () => {
  it('lists the subjects seen without --subject, and reports the bad line', async () => {
    const result = await run(['rbac', 'least-privilege', '--audit', `${FIXTURES}/audit.jsonl`]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[1]).toMatch(/^system:serviceaccount:shop:api\s+14\s+1\s+2025-05-12T10:00:00.501000Z/);
    expect(result.stderr).toContain(`${FIXTURES}/audit.jsonl:8: invalid JSON`);
    expect(result.stderr).toContain('1 bad record(s) skipped of 17 read');
  });

  it('prints Roles and bindings for a subject, the difference to the snapshot on stderr', async () => {
    const result = await run([
      'rbac', 'least-privilege', '--audit', 'examples/incident/audit.jsonl', '--subject', 'system:serviceaccount:ci:ci-deployer', '--snapshot', 'examples/prod.snapshot.json.gz',
    ]);
    expect(result.code).toBe(0);
    const docs = parseAllDocuments(result.stdout).map((doc) => doc.toJS() as { kind: string; rules?: unknown[] });
    expect(docs.map((doc) => doc.kind)).toEqual(['Role', 'RoleBinding']);
    // Ten secrets read: more than the default five names, so the rule names none.
    expect(docs[0]?.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
    expect(result.stderr).toContain('Held today but unused (1 rule(s) to remove):');
    expect(result.stderr).toContain('ClusterRole "cluster-admin" rules[0] via ClusterRoleBinding ci-deployer-admin: verbs: *; apiGroups: *; resources: *');
  });

  it('writes the whole proposal as JSON with --format json', async () => {
    const result = await run(['rbac', 'least-privilege', '--audit', `${FIXTURES}/audit.jsonl`, '--subject', 'ServiceAccount:shop/api', '--until', '2025-05-12T12:00:00Z', '--format', 'json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { schemaVersion: number; requests: unknown; manifests: unknown[]; denied: unknown[] };
    expect(json.schemaVersion).toBe(1);
    expect(json.requests).toEqual({ total: 13, allowed: 12, denied: 1, outsideWindow: 1 });
    expect(json.manifests).toHaveLength(4);
    expect(json.denied).toHaveLength(1);
    const withSnapshot = await run(['rbac', 'least-privilege', '--audit', 'examples/incident/audit.jsonl', '--subject', 'system:serviceaccount:ci:ci-deployer', '--snapshot', 'examples/prod.snapshot.json.gz', '--format', 'json']);
    const valid = validator('rbac-proposal');
    expect(valid(json)).toEqual([]);
    expect(valid(JSON.parse(withSnapshot.stdout))).toEqual([]);
  });

  it('refuses a bad subject, time or missing file with exit 2', async () => {
    expect((await run(['rbac', 'least-privilege', '--audit', `${FIXTURES}/audit.jsonl`, '--subject', 'ServiceAccount:shop'])).code).toBe(2);
    expect((await run(['rbac', 'least-privilege', '--audit', `${FIXTURES}/audit.jsonl`, '--since', 'yesterday'])).stderr).toContain('--since must be a time');
    expect((await run(['rbac', 'least-privilege', '--audit', 'no/such.jsonl'])).code).toBe(2);
    expect((await run(['rbac', 'least-privilege'])).code).toBe(2);
  });
});

describe('eksguard iam least-privilege', () => {
  it('prints a policy document and the summary with sessions, denied calls and the data-event note', async () => {
    const result = await run(['iam', 'least-privilege', '--cloudtrail', `${FIXTURES}/cloudtrail`, '--role', ROLE]);
    expect(result.code).toBe(0);
    const policy = JSON.parse(result.stdout) as { Version: string; Statement: Array<{ Sid: string }> };
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement.map((statement) => statement.Sid)).toEqual(['DynamodbPutItem', 'KmsDecrypt', 'S3GetObject', 'S3ListBucket']);
    expect(result.stderr).toContain('AssumeRoleWithWebIdentity for system:serviceaccount:payments:payments-api ×1');
    expect(result.stderr).toContain('secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/payments/stripe-??????: AccessDenied ×1');
    expect(result.stderr).toContain('Records[7]: CloudTrail record: eventName: missing (skipped)');
    expect(result.stderr).toContain('only when the trail logs data events');
  });

  it('compares with the snapshot and writes JSON with --format json', async () => {
    const result = await run(['iam', 'least-privilege', '--cloudtrail', `${FIXTURES}/cloudtrail`, '--role', ROLE, '--snapshot', 'examples/prod.snapshot.json.gz', '--format', 'json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { policy: { Statement: unknown[] }; current: { status: string; statements: Array<{ sid: string; wideResources: unknown[] }> } };
    expect(json.policy.Statement).toHaveLength(4);
    expect(json.current.status).toBe('found');
    expect(json.current.statements.map((statement) => statement.sid)).toEqual(['ReadStatements']);
    expect(validator('iam-proposal')(json)).toEqual([]);
  });

  it('reads CloudTrail from standard input with -', async () => {
    const file = `${FIXTURES}/cloudtrail/AWSLogs/111122223333/CloudTrail/eu-west-1/2025/05/12/111122223333_CloudTrail_eu-west-1_20250512T1235Z_Xa12Yb34Zc56Wd78.json.gz`;
    const fromFile = await run(['iam', 'least-privilege', '--cloudtrail', file, '--role', ROLE]);
    const result = await run(['iam', 'least-privilege', '--cloudtrail', '-', '--role', ROLE], { stdin: gunzipSync(readFileSync(file)).toString('utf8') });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(fromFile.stdout);
    expect((JSON.parse(result.stdout) as { Statement: unknown[] }).Statement.length).toBeGreaterThan(0);
  });

  it('refuses an ARN that is not a role', async () => {
    const result = await run(['iam', 'least-privilege', '--cloudtrail', `${FIXTURES}/cloudtrail`, '--role', 'arn:aws:iam::111122223333:user/bob']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--role must be an IAM role ARN');
  });
});
