/**
 * `fleet scan` at its edges: a cluster whose AWS side hangs is cut off at its deadline with no
 * AWS request left open; the history keeps EKSGUARD_HISTORY_KEEP scans per cluster as `scan`
 * does; a history database that goes down mid-run fails the clusters it could not record, each
 * reported, and their --output-dir reports are still written.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetSummary } from '../fleet/index.js';
import { ScanStore } from '../store/index.js';
import { startFakeFleet, type FakeFleet } from '../../test/fakes/aws/index.js';
import { startPostgres, type TestPostgres } from '../../test/peers/postgres.js';
import { run } from './test-support/run.js';

const CALLER = '111122223333';

let fleet: FakeFleet;
let dir: string;
let env: NodeJS.ProcessEnv;
/** Set by a test: called when a scan's AWS side starts reading EKS (discovery never calls DescribeClusterVersions). */
let onScanRequest: (() => void) | undefined;

beforeAll(async () => {
  fleet = await startFakeFleet(
    [{ accountId: CALLER, clusters: [{ name: 'prod', region: 'eu-west-1' }, { name: 'slow', region: 'eu-west-1' }] }],
    {
      hang: ({ operation, input }) => {
        if (operation === 'DescribeClusterVersions') onScanRequest?.();
        // The AWS side of `slow` hangs once its Kubernetes side is read.
        return operation === 'ListNodegroups' && input.clusterName === 'slow';
      },
    },
  );
  dir = mkdtempSync(join(tmpdir(), 'eksguard-fleet-edges-'));
  env = { ...fleet.env, HOME: dir };
});

afterAll(async () => {
  await fleet.close();
});

function fleetFile(name: string, include: string[], timeoutSeconds = 60): string {
  const file = join(dir, name);
  writeFileSync(file, `regions: [eu-west-1]\naccounts:\n  - id: "${CALLER}"\nclusters:\n  include: [${include.join(', ')}]\nscan:\n  timeoutSeconds: ${timeoutSeconds}\n  retries: 0\n`);
  return file;
}

async function noneInFlight(): Promise<number> {
  for (let waited = 0; fleet.aws.inFlight > 0 && waited < 2000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  return fleet.aws.inFlight;
}

describe('fleet scan deadlines', () => {
  it('times out a cluster whose AWS side hangs and leaves no AWS request in flight', { timeout: 60_000 }, async () => {
    const started = Date.now();
    const result = await run(['fleet', 'scan', '--config', fleetFile('hang.yaml', ['prod', 'slow'], 8), '--no-store', '--format', 'json', '--fail-on', 'none'], { env });
    expect(result.code, result.stderr).toBe(4);
    expect(Date.now() - started).toBeLessThan(30_000);
    const summary = JSON.parse(result.stdout) as FleetSummary;
    const byName = new Map(summary.clusters.map((cluster) => [cluster.name, cluster]));
    expect(byName.get('slow')).toMatchObject({ status: 'failed', attempts: 1, failure: { kind: 'timeout', message: 'timed out after 8 s' } });
    expect(byName.get('prod'), result.stderr).toMatchObject({ status: 'scanned' });
    expect(fleet.aws.count('ListNodegroups')).toBeGreaterThan(0);
    expect(await noneInFlight()).toBe(0);
  });
});

describe('clusters that go away', () => {
  afterAll(() => fleet.aws.clearFaults());

  it('reports an account whose id is not the caller\'s own account, and reads none of it', async () => {
    const file = join(dir, 'wrong-account.yaml');
    writeFileSync(file, 'regions: [eu-west-1]\naccounts:\n  - id: "999988887777"\n');
    const before = fleet.aws.count('ListClusters');
    const result = await run(['fleet', 'discover', '--config', file, '--format', 'json'], { env });
    expect(result.code).toBe(4);
    expect(JSON.parse(result.stdout)).toEqual({
      clusters: [],
      errors: [
        {
          accountId: '999988887777',
          operation: 'sts:GetCallerIdentity',
          kind: 'failed',
          message: `the caller's credentials are for account ${CALLER}, not 999988887777: correct the id, or give the account a roleArn to assume`,
        },
      ],
    });
    expect(fleet.aws.count('ListClusters')).toBe(before);
  });

  it('leaves out a cluster deleted between ListClusters and DescribeCluster, and fails one deleted before its scan', { timeout: 60_000 }, async () => {
    const gone = { code: 'ResourceNotFoundException', status: 404, message: 'No cluster found for name: slow.' };
    fleet.aws.fail({ operation: 'DescribeCluster', when: 'slow', times: 1, ...gone });
    const listed = await run(['fleet', 'discover', '--config', fleetFile('gone.yaml', ['prod', 'slow']), '--format', 'json'], { env });
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { clusters: Array<{ name: string }> }).clusters.map((cluster) => cluster.name)).toEqual(['prod']);

    // Described by discovery, gone when its own scan describes it: failed, not retried.
    let described = 0;
    fleet.aws.fail({ operation: 'DescribeCluster', when: (input) => input.name === 'prod' && (described += 1) > 1, ...gone, message: 'No cluster found for name: prod.' });
    const file = join(dir, 'vanish.yaml');
    writeFileSync(file, `regions: [eu-west-1]\naccounts:\n  - id: "${CALLER}"\nclusters:\n  include: [prod]\nscan:\n  retries: 2\n`);
    const scanned = await run(['fleet', 'scan', '--config', file, '--no-store', '--format', 'json'], { env });
    expect(scanned.code, scanned.stderr).toBe(4);
    const summary = JSON.parse(scanned.stdout) as FleetSummary;
    expect(summary.clusters).toEqual([
      expect.objectContaining({ name: 'prod', status: 'failed', attempts: 1, failure: { kind: 'failed', message: 'EKS cluster prod not found in eu-west-1: No cluster found for name: prod.' } }),
    ]);
  });
});

describe('throttling', () => {
  it('retries a throttled ListClusters after the SDK\'s own retries, and says so', { timeout: 60_000 }, async () => {
    const before = fleet.aws.count('ListClusters');
    // The SDK tries three times; the fourth request, the fleet's second attempt, is answered.
    fleet.aws.throttle('ListClusters', 3);
    const result = await run(['fleet', 'discover', '--config', fleetFile('throttled.yaml', ['prod']), '--retries', '1', '--format', 'json'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { clusters: Array<{ name: string }> }).clusters.map((cluster) => cluster.name)).toEqual(['prod']);
    expect(result.stderr).toMatch(/eksguard: 111122223333 eu-west-1: eks:ListClusters: attempt 1 failed \(.*Rate exceeded\); retrying in \d+\.\d s\n/);
    expect(fleet.aws.count('ListClusters') - before).toBe(4);
  });
});

describe('fleet scan history', () => {
  it('keeps EKSGUARD_HISTORY_KEEP scans of each cluster, as scan does', { timeout: 60_000 }, async () => {
    const db = join(dir, 'kept.db');
    const file = fleetFile('keep.yaml', ['prod']);
    const args = ['fleet', 'scan', '--config', file, '--db', db, '--fail-on', 'none'];
    expect((await run(args, { env: { ...env, EKSGUARD_HISTORY_KEEP: '1' } })).code).toBe(0);
    const second = await run(args, { env: { ...env, EKSGUARD_HISTORY_KEEP: '1' } });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('1 older scan pruned, keeping 1');
    const store = await ScanStore.open(db);
    try {
      expect((await store.listScans()).map((scan) => scan.cluster)).toEqual(['prod']);
    } finally {
      await store.close();
    }
    // A bad setting keeps the default and says so; the scans are recorded all the same.
    const bad = await run(args, { env: { ...env, EKSGUARD_HISTORY_KEEP: 'lots' } });
    expect(bad.code).toBe(0);
    expect(bad.stderr).toContain('EKSGUARD_HISTORY_KEEP must be a whole number');
  });
});

describe('fleet scan with its database down', () => {
  let postgres: TestPostgres;
  beforeAll(async () => {
    postgres = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    onScanRequest = undefined;
    await postgres?.stop();
  });

  it('fails each cluster it could not record, and still writes its report', { timeout: 90_000 }, async () => {
    const db = await postgres.createDatabase('fleet_down');
    const reports = join(dir, 'down-reports');
    // The database goes away once discovery is done and the history was opened.
    let stopping: Promise<void> | undefined;
    onScanRequest = () => {
      stopping ??= postgres.stop();
    };
    const result = await run(['fleet', 'scan', '--config', fleetFile('down.yaml', ['prod']), '--db', db, '--output-dir', reports, '--format', 'json'], { env });
    await stopping;
    expect(result.code, result.stderr).toBe(4);
    const summary = JSON.parse(result.stdout) as FleetSummary;
    const prod = summary.clusters[0];
    expect(prod).toMatchObject({ name: 'prod', status: 'failed', failure: { kind: 'failed' } });
    expect(prod?.failure?.message).toMatch(/^scanned but not recorded: /);
    expect(prod?.report).toBe(join(reports, `${CALLER}_eu-west-1_prod.json`));
    expect(existsSync(join(reports, `${CALLER}_eu-west-1_prod.json`))).toBe(true);
    expect(result.stderr).toMatch(/prod \(111122223333 eu-west-1\) failed: scanned but not recorded: /);
    expect(result.stderr).not.toContain(new URL(db).password || '\u0000');
  });
});
