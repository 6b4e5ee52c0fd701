import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/test-support/run.js';
import { DEMO_SNAPSHOT, makeDemoSnapshot } from './demo-snapshot.js';

describe('the demo snapshot (examples/prod.snapshot.json.gz)', () => {
  it('is what collecting the fixture account gives today (npm run demo:snapshot refreshes it)', async () => {
    const fresh = join(mkdtempSync(join(tmpdir(), 'eksguard-demo-snap-')), 'prod.snapshot.json.gz');
    await makeDemoSnapshot(fresh);
    expect(readFileSync(fresh).equals(readFileSync(DEMO_SNAPSHOT)), 'examples/prod.snapshot.json.gz is stale').toBe(true);
  });

  it('scans offline into findings on both the AWS and the Kubernetes side', async () => {
    const result = await run(['scan', 'snapshot', DEMO_SNAPSHOT, '--format', 'json', '--fail-on', 'none']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { scannedAt: string; results: Array<{ checkId: string; status: string }> };
    expect(report.scannedAt).toBe('2026-11-02T08:00:00.000Z');
    const failed = new Set(report.results.filter((row) => row.status === 'fail').map((row) => row.checkId));
    for (const id of ['eks-addon-outdated', 'ng-imdsv2-not-required', 'sg-node-ssh-world', 'workload-role-admin', 'workload-role-iam-privesc', 'wl-privileged']) {
      expect(failed, id).toContain(id);
    }
  });
});
