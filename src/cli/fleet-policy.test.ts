/**
 * `fleet scan --policy`: the .eksguard.yaml a fleet is scanned by (its exceptions, failOn), given
 * by path as the Helm chart's Job passes it, and the scan history named in every error about it.
 * The real CLI against a fake account of one cluster (test/fakes/aws/fleet.ts).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../model/index.js';
import type { FleetSummary } from '../fleet/index.js';
import { ScanStore } from '../store/index.js';
import { startFakeFleet, type FakeFleet } from '../../test/fakes/aws/index.js';
import { run } from './test-support/run.js';

const ACCOUNT = '111122223333';

let fleet: FakeFleet;
let dir: string;
let env: NodeJS.ProcessEnv;
let fleetFile: string;

beforeAll(async () => {
  fleet = await startFakeFleet([{ accountId: ACCOUNT, clusters: [{ name: 'prod', region: 'eu-west-1' }] }]);
  dir = mkdtempSync(join(tmpdir(), 'eksguard-fleet-policy-'));
  env = { ...fleet.env, HOME: dir };
  fleetFile = join(dir, 'fleet.yaml');
  writeFileSync(fleetFile, `regions: [eu-west-1]\naccounts:\n  - id: "${ACCOUNT}"\nscan:\n  retries: 0\n`);
});

afterAll(async () => {
  await fleet.close();
});

/** A policy file away from the working directory, where only --policy can find it. */
function policyFile(name: string, text: string): string {
  const folder = join(dir, 'policy');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}

const DEBUG_SHELL = { kind: 'Pod', namespace: 'dev-sandbox', name: 'debug-shell' };

describe('fleet scan --policy', () => {
  it('applies the exceptions and failOn of the file it names, to the summary and the recorded scan', { timeout: 60_000 }, async () => {
    const policy = policyFile(
      'eksguard.yaml',
      [
        'exceptions:',
        '  - checks: [wl-privileged, wl-runtime-socket]',
        '    resources: { kind: Pod, namespace: dev-sandbox, name: debug-shell }',
        '    reason: break-glass debugging pod, removed by INC-4711',
        'failOn: none',
        '',
      ].join('\n'),
    );
    const unwaived = await run(['fleet', 'scan', '--config', fleetFile, '--no-store', '--format', 'json'], { env, cwd: dir });
    expect(unwaived.code, unwaived.stderr).toBe(1);
    const before = (JSON.parse(unwaived.stdout) as FleetSummary).failures.critical;

    const db = join(dir, 'history.db');
    const reports = join(dir, 'reports');
    const waived = await run(['fleet', 'scan', '--config', fleetFile, '--policy', policy, '--db', db, '--output-dir', reports, '--format', 'json'], { env, cwd: dir });
    // failOn: none from the policy: the remaining critical findings do not fail the run.
    expect(waived.code, waived.stderr).toBe(0);
    const summary = JSON.parse(waived.stdout) as FleetSummary;
    expect(summary.failOn).toBe('none');
    expect(summary.failures.critical).toBe(before - 2);

    const store = await ScanStore.open(db);
    try {
      const [scan] = await store.listScans();
      if (!scan) throw new Error('no scan recorded');
      expect(summary.clusters[0]?.scanId).toBe(scan.id);
      const onPod = (await store.findings(scan.id, 'fail')).filter((row) => row.resource.kind === 'Pod' && row.resource.name === 'debug-shell');
      // Waived where the exception says, and nowhere else on the pod.
      expect(onPod.filter((row) => row.waived).map((row) => row.checkId).sort()).toEqual(['wl-privileged', 'wl-runtime-socket']);
      expect(onPod.filter((row) => !row.waived).map((row) => row.checkId)).toContain('wl-run-as-root');
    } finally {
      await store.close();
    }
    const report = JSON.parse(readFileSync(join(reports, `${ACCOUNT}_eu-west-1_prod.json`), 'utf8')) as ScanResult;
    const privileged = report.results.find((entry) => entry.checkId === 'wl-privileged' && entry.resource.name === DEBUG_SHELL.name);
    expect(privileged?.resource).toMatchObject(DEBUG_SHELL);
    expect(privileged?.waived).toEqual({ reason: 'break-glass debugging pod, removed by INC-4711', source: 'policy/eksguard.yaml' });
  });

  it('exits 2 naming the policy file and line, or a policy file that is not there, before any AWS call', async () => {
    const requests = fleet.aws.requests.length;
    const bad = policyFile('bad.yaml', 'exceptions:\n  - checks: [wl-privileged]\n    reason: x\n    expires: someday\n');
    const result = await run(['fleet', 'scan', '--config', fleetFile, '--policy', bad, '--no-store'], { env, cwd: dir });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/configuration errors:\n {2}.*bad\.yaml:4:\d+: exceptions\[0\]\.expires: /);
    const missing = await run(['fleet', 'scan', '--config', fleetFile, '--policy', join(dir, 'nope.yaml'), '--no-store'], { env, cwd: dir });
    expect(missing).toMatchObject({ code: 2, stderr: `eksguard: configuration file ${join(dir, 'nope.yaml')} does not exist\n` });
    expect(fleet.aws.requests.length).toBe(requests);
  });
});

describe('fleet scan with a history it cannot open', () => {
  it('names the store, its password masked', async () => {
    // A port nothing listens on: taken, then released.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const url = `postgres://eksguard:s3cret@127.0.0.1:${port}/eksguard`;
    const result = await run(['fleet', 'scan', '--config', fleetFile, '--db', url], { env, cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`eksguard: cannot open the scan history postgres://eksguard:***@127.0.0.1:${port}/eksguard: `);
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).not.toContain('s3cret');
  });
});
