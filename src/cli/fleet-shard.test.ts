/**
 * `fleet scan --shard i/n` as a Kubernetes Indexed Job runs it: n processes at once, each its own
 * `eksguard` (the CLI from source, in a child process), all against the same fake fleet and
 * recording into one PostgreSQL database. Together they must scan every cluster exactly once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FleetSummary } from '../fleet/index.js';
import { ScanStore } from '../store/index.js';
import { startFakeFleet, type FakeFleet } from '../../test/fakes/aws/index.js';
import { startPostgres, type TestPostgres } from '../../test/peers/postgres.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const SHARDS = 3;

let fleet: FakeFleet;
let postgres: TestPostgres;
let dir: string;

beforeAll(async () => {
  const cluster = (name: string, region: string) => ({ name, region });
  fleet = await startFakeFleet([
    { accountId: '111122223333', clusters: [cluster('prod', 'eu-west-1'), cluster('staging', 'eu-west-1'), cluster('edge', 'us-east-1')] },
    { accountId: '222233334444', roleName: 'eksguard-reader', clusters: [cluster('pay-eu', 'eu-west-1'), cluster('pay-us', 'us-east-1'), cluster('ledger', 'us-east-1'), cluster('batch', 'eu-west-1')] },
  ]);
  postgres = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'eksguard-shards-'));
}, 60_000);

afterAll(async () => {
  await fleet?.close();
  await postgres?.stop();
});

function eksguard(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('n shards in parallel processes scan every cluster exactly once, into one PostgreSQL database', { timeout: 180_000 }, async () => {
  const config = join(dir, 'fleet.yaml');
  writeFileSync(
    config,
    `regions: [eu-west-1, us-east-1]\naccounts:\n  - id: "111122223333"\n  - id: "222233334444"\n    roleArn: ${fleet.roleArn('222233334444')}\nscan:\n  timeoutSeconds: 120\n  concurrency: 2\n`,
  );
  const db = await postgres.createDatabase('fleet_shards');
  const env = { PATH: process.env.PATH, HOME: dir, ...fleet.env };
  const runs = await Promise.all(
    Array.from({ length: SHARDS }, (_, index) => eksguard(['fleet', 'scan', '--config', config, '--shard', `${index}/${SHARDS}`, '--db', db, '--format', 'json', '--fail-on', 'none'], env)),
  );
  const scanned: string[] = [];
  for (const [index, result] of runs.entries()) {
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as FleetSummary;
    expect(summary.shard).toEqual({ index, count: SHARDS });
    expect(summary.discovered).toBe(fleet.clusters.length);
    expect(summary.failed).toBe(0);
    scanned.push(...summary.clusters.map((cluster) => cluster.arn));
    // The password of the URL is never printed.
    expect(result.stderr).not.toContain(new URL(db).password || '\u0000');
  }
  const everyCluster = fleet.clusters.map((cluster) => cluster.arn).sort();
  expect([...scanned].sort()).toEqual(everyCluster);
  // More than one shard had work: the split is real.
  expect(runs.filter((result) => (JSON.parse(result.stdout) as FleetSummary).clusters.length > 0).length).toBeGreaterThan(1);

  const store = await ScanStore.open(db);
  try {
    const scans = await store.listScans();
    expect(scans.map((scan) => scan.clusterArn).sort()).toEqual(everyCluster);
    expect((await store.clusters()).length).toBe(everyCluster.length);
  } finally {
    await store.close();
  }
});
