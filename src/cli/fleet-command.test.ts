/**
 * `fleet discover` and `fleet scan` end to end: the real CLI, the real STS and EKS clients and
 * @kubernetes/client-node against a fake fleet (test/fakes/aws/fleet.ts) of three accounts in
 * two regions: the caller's own, one reached by AssumeRole with an ExternalId, one whose role
 * denies the caller. Each cluster's API server accepts only an EKS token signed with its own
 * account's credentials; one hangs, one drops its first connection.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../model/index.js';
import { ScanStore } from '../store/index.js';
import type { FleetSummary } from '../fleet/index.js';
import { startFakeFleet, type FakeFleet } from '../../test/fakes/aws/index.js';
import { run } from './test-support/run.js';

let fleet: FakeFleet;
let dir: string;
let env: NodeJS.ProcessEnv;

const CALLER = '111122223333';
const PAYMENTS = '222233334444';
const LOCKED = '333344445555';

beforeAll(async () => {
  fleet = await startFakeFleet([
    { accountId: CALLER, clusters: [{ name: 'prod', region: 'eu-west-1', tags: { env: 'prod', team: 'platform' } }, { name: 'dev-sandbox', region: 'us-east-1', tags: { env: 'dev' } }] },
    {
      accountId: PAYMENTS,
      roleName: 'eksguard-reader',
      externalId: 'fleet-7f3a',
      clusters: [
        { name: 'pay-eu', region: 'eu-west-1', tags: { env: 'prod' }, version: '1.31' },
        { name: 'pay-us', region: 'us-east-1', tags: { env: 'prod' }, kube: { dropFirst: 1 } },
        { name: 'stuck', region: 'eu-west-1', kube: 'hang' },
      ],
    },
    { accountId: LOCKED, roleName: 'eksguard-reader', deny: true, clusters: [{ name: 'vault', region: 'eu-west-1' }] },
  ]);
  dir = mkdtempSync(join(tmpdir(), 'eksguard-fleet-'));
  env = { ...fleet.env, HOME: dir };
});

afterAll(async () => {
  await fleet.close();
});

function fleetFile(name: string, extra = '', externalId = 'fleet-7f3a'): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    [
      'regions: [eu-west-1, us-east-1]',
      'accounts:',
      `  - id: "${CALLER}"`,
      `  - id: "${PAYMENTS}"`,
      `    roleArn: ${fleet.roleArn(PAYMENTS)}`,
      `    externalId: ${externalId}`,
      `  - id: "${LOCKED}"`,
      `    roleArn: ${fleet.roleArn(LOCKED)}`,
      extra,
    ].join('\n'),
  );
  return file;
}

interface DiscoverJson {
  clusters: Array<{ accountId: string; region: string; name: string; arn: string; version?: string; tags: Record<string, string> }>;
  errors: Array<{ accountId: string; operation: string; kind: string; message: string }>;
}

describe('fleet discover', () => {
  it('lists the clusters of every account and region, assuming roles, and reports the denied account', async () => {
    const before = fleet.aws.requests.length;
    const result = await run(['fleet', 'discover', '--config', fleetFile('fleet.yaml'), '--format', 'json'], { env });
    expect(result.code).toBe(4);
    const json = JSON.parse(result.stdout) as DiscoverJson;
    expect(json.clusters.map((cluster) => `${cluster.accountId} ${cluster.region} ${cluster.name}`)).toEqual([
      `${CALLER} eu-west-1 prod`,
      `${CALLER} us-east-1 dev-sandbox`,
      `${PAYMENTS} eu-west-1 pay-eu`,
      `${PAYMENTS} eu-west-1 stuck`,
      `${PAYMENTS} us-east-1 pay-us`,
    ]);
    expect(json.clusters[2]).toEqual({ accountId: PAYMENTS, region: 'eu-west-1', name: 'pay-eu', arn: `arn:aws:eks:eu-west-1:${PAYMENTS}:cluster/pay-eu`, version: '1.31', status: 'ACTIVE', tags: { env: 'prod' } });
    expect(json.errors).toEqual([
      {
        accountId: LOCKED,
        operation: 'sts:AssumeRole',
        kind: 'denied',
        message: `AccessDenied: User: arn:aws:sts::${CALLER}:assumed-role/eksguard-reader/ci is not authorized to perform: sts:AssumeRole on resource: ${fleet.roleArn(LOCKED)}`,
      },
    ]);
    expect(result.stderr).toContain(`eksguard: ${LOCKED}: sts:AssumeRole failed: AccessDenied`);
    expect(result.stderr).toContain('eksguard: 5 clusters in 2 accounts; 1 account or region could not be read\n');

    const requests = fleet.aws.requests.slice(before);
    const assumed = requests.filter((request) => request.operation === 'AssumeRole');
    // A denial is not retried; the ExternalId and session name are sent as configured.
    expect(assumed.map((request) => [request.input.RoleArn, request.input.ExternalId, request.input.RoleSessionName, request.code])).toEqual(
      expect.arrayContaining([
        [fleet.roleArn(PAYMENTS), 'fleet-7f3a', 'eksguard-fleet', undefined],
        [fleet.roleArn(LOCKED), undefined, 'eksguard-fleet', 'AccessDenied'],
      ]),
    );
    expect(assumed).toHaveLength(2);
    // ListClusters per account and region, signed with each account's own credentials.
    const listed = requests.filter((request) => request.operation === 'ListClusters').map((request) => `${request.accountId} ${request.region}`);
    expect(listed.sort()).toEqual([`${CALLER} eu-west-1`, `${CALLER} us-east-1`, `${PAYMENTS} eu-west-1`, `${PAYMENTS} us-east-1`]);
  });

  it('prints a table, and filters by name globs and tags', async () => {
    const file = fleetFile('filtered.yaml', 'clusters:\n  include: ["pay-*", prod, stuck]\n  exclude: ["*-us"]\n  tags: { env: [prod, staging] }\n');
    const result = await run(['fleet', 'discover', '--config', file], { env });
    expect(result.code).toBe(4);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ACCOUNT\s+REGION\s+NAME\s+VERSION\s+STATUS\s+TAGS$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 3).join(' '))).toEqual([`${CALLER} eu-west-1 prod`, `${PAYMENTS} eu-west-1 pay-eu`]);
    expect(lines[1]).toMatch(/1\.32\s+ACTIVE\s+env=prod,team=platform$/);
  });

  it('is denied by a role whose ExternalId does not match', async () => {
    const result = await run(['fleet', 'discover', '--config', fleetFile('wrong-id.yaml', '', 'not-the-id'), '--format', 'json'], { env });
    expect((JSON.parse(result.stdout) as DiscoverJson).errors.map((error) => error.accountId)).toEqual([PAYMENTS, LOCKED]);
  });

  it('exits 2 naming the line of a bad fleet file', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'regions: [eu-west-1]\naccounts:\n  - id: "111122223333"\n    role: arn:aws:iam::111122223333:role/x\n');
    const result = await run(['fleet', 'discover', '--config', file], { env });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(`eksguard: ${file}: 1 error:\n  ${file}:4:5: accounts[0].role: unknown key "role" (expected one of: id, roleArn, externalId, sessionName, regions)\n`);
    expect((await run(['fleet', 'scan'], { env })).stderr).toContain('--config <file> is required');
    expect((await run(['fleet', 'scan', '--config', file, '--shard', '4/4'], { env })).code).toBe(2);
  });
});

describe('fleet scan', () => {
  it('scans every reachable cluster, retries a dropped connection, times out the hung one and records only what finished', { timeout: 60_000 }, async () => {
    const db = join(dir, 'fleet.db');
    const reports = join(dir, 'reports');
    const file = fleetFile('scan.yaml', 'scan:\n  concurrency: 4\n  timeoutSeconds: 8\n  retries: 1\n');
    const started = Date.now();
    const result = await run(['fleet', 'scan', '--config', file, '--db', db, '--output-dir', reports, '--format', 'json'], { env });
    expect(result.code, result.stderr).toBe(4);
    // Two attempts of 8 s for the hung cluster, the others alongside: nothing waits longer.
    expect(Date.now() - started).toBeLessThan(40_000);

    const summary = JSON.parse(result.stdout) as FleetSummary;
    expect(summary).toMatchObject({ kind: 'EksguardFleetScan', shard: { index: 0, count: 1 }, discovered: 5, scanned: 4, failed: 1, exitCode: 4 });
    const byName = new Map(summary.clusters.map((cluster) => [cluster.name, cluster]));
    expect(byName.get('stuck')).toMatchObject({ status: 'failed', attempts: 2, failure: { kind: 'timeout', message: 'timed out after 8 s' } });
    expect(byName.get('pay-us')).toMatchObject({ status: 'scanned', attempts: 2 });
    expect(byName.get('prod')).toMatchObject({ status: 'scanned', attempts: 1 });
    expect(byName.get('prod')?.failures?.critical).toBeGreaterThan(0);
    expect(summary.errors.map((error) => error.accountId)).toEqual([LOCKED]);
    const stuck = fleet.clusters.find((cluster) => cluster.name === 'stuck');
    // Its API server saw both attempts (discovery asks /api and /apis at once).
    expect(stuck?.refused).toBeGreaterThanOrEqual(2);

    // Progress per cluster and the fleet summary on stderr.
    expect(result.stderr).toMatch(/^\[\d\/5\] prod \(111122223333 eu-west-1\) scanned: \d+ critical, \d+ high.* — \d+\.\d s$/m);
    expect(result.stderr).toMatch(/^\[\d\/5\] stuck \(222233334444 eu-west-1\) failed: timed out after 8 s — \d+\.\d s, 2 attempts$/m);
    expect(result.stderr).toMatch(/eksguard: pay-us \(222233334444 us-east-1\): attempt 1 failed \(.*ECONNRESET.*\); retrying in \d\.\d s/);
    expect(result.stderr).toContain('Fleet: 5 clusters: 4 scanned, 1 failed, in ');
    expect(result.stderr).toMatch(/ {2}not scanned:\n {4}stuck \(222233334444 eu-west-1\): timed out after 8 s \(2 attempts\)\n/);
    expect(result.stderr).toContain(`  not discovered:\n    ${LOCKED}: sts:AssumeRole failed: AccessDenied`);

    // The store holds one complete scan per scanned cluster, under its ARN, account and region.
    const store = await ScanStore.open(db);
    try {
      const scans = await store.listScans();
      expect(scans.map((scan) => scan.clusterArn).sort()).toEqual(
        ['prod', 'dev-sandbox', 'pay-eu', 'pay-us'].map((name) => fleet.clusters.find((cluster) => cluster.name === name)!.arn).sort(),
      );
      const pay = scans.find((scan) => scan.cluster === 'pay-eu');
      expect(pay).toMatchObject({ accountId: PAYMENTS, region: 'eu-west-1', sourceType: 'cluster' });
      expect(byName.get('pay-eu')?.scanId).toBe(pay?.id);
    } finally {
      await store.close();
    }

    const report = JSON.parse(readFileSync(join(reports, `${PAYMENTS}_eu-west-1_pay-eu.json`), 'utf8')) as ScanResult;
    expect(report.summary.failuresBySeverity).toEqual(byName.get('pay-eu')?.failures);
    // The AWS side was read in the cluster's own account, through the assumed role.
    expect(report.results.some((entry) => entry.resource.name?.includes(`arn:aws:eks:eu-west-1:${PAYMENTS}:cluster/pay-eu`))).toBe(true);
    expect(existsSync(join(reports, `${PAYMENTS}_eu-west-1_stuck.json`))).toBe(false);
  });

  it('exits 1 on findings at --fail-on, 0 below it, when every cluster was scanned', async () => {
    const file = fleetFile('one.yaml', 'clusters:\n  include: [prod]\n');
    const gated = await run(['fleet', 'scan', '--config', file, '--no-store', '--retries', '0'], { env });
    // The locked account still makes the fleet partial.
    expect(gated.code).toBe(4);
    const reachable = join(dir, 'reachable.yaml');
    writeFileSync(reachable, `regions: [eu-west-1]\naccounts:\n  - id: "${CALLER}"\nclusters:\n  include: [prod]\n`);
    expect((await run(['fleet', 'scan', '--config', reachable, '--no-store'], { env })).code).toBe(1);
    const clean = await run(['fleet', 'scan', '--config', reachable, '--no-store', '--fail-on', 'none'], { env });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('');
    expect(clean.stderr).toContain('Fleet: 1 cluster: 1 scanned, 0 failed');
  });
});

describe('help', () => {
  it.each([
    ['fleet', 'eksguard fleet scan --config fleet.yaml --shard 3/16'],
    ['fleet discover', 'eksguard fleet discover --config fleet.yaml'],
    ['fleet scan', 'eksguard fleet scan --config fleet.yaml --db postgres://'],
  ])('%s --help shows examples', async (command, example) => {
    const result = await run([...command.split(' '), '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain(example);
  });
});
