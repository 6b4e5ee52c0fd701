import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScanStore } from '../store/index.js';
import { fakeScan } from '../store/test-support/fixtures.js';
import { run } from './test-support/run.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'eksguard-history-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const prod = { sourceType: 'cluster', cluster: { name: 'prod', region: 'eu-west-1', accountId: '111122223333' } };

async function seed(path: string): Promise<number[]> {
  const store = await ScanStore.open(path);
  try {
    return [
      await store.recordScan(fakeScan([{ id: 'keep' }, { id: 'gone', severity: 'medium' }], { scannedAt: '2025-01-01T10:00:00.000Z' }), prod),
      await store.recordScan(fakeScan([{ id: 'keep' }, { id: 'fresh', severity: 'critical' }, { id: 'more', severity: 'low' }], { scannedAt: '2025-01-02T10:00:00.000Z' }), prod),
      await store.recordScan(fakeScan([{ id: 'other' }], { scannedAt: '2025-01-03T10:00:00.000Z' }), { sourceType: 'manifests', target: 'k8s' }),
    ];
  } finally {
    await store.close();
  }
}

describe('eksguard history', () => {
  it('lists scans newest first from ~/.eksguard/eksguard.db with failures and the trend', async () => {
    const ids = await seed(join(home, '.eksguard', 'eksguard.db'));
    const out = await run(['history'], { env: { HOME: home } });
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+TIME\s+SOURCE\s+SCORE\s+CRIT\s+HIGH\s+MED\s+LOW\s+INFO\s+TREND$/);
    expect(lines[1]).toMatch(new RegExp(`^${ids[2]}\\s+2025-01-03T10:00:00Z\\s+manifests k8s\\s+0%\\s+0\\s+1\\s+0\\s+0\\s+0\\s*$`));
    expect(lines[2]).toMatch(new RegExp(`^${ids[1]}\\s+2025-01-02T10:00:00Z\\s+cluster prod\\s+0%\\s+1\\s+1\\s+0\\s+1\\s+0\\s+↑$`));
    expect(lines[3]).toMatch(new RegExp(`^${ids[0]}\\s+.*cluster prod\\s+0%\\s+0\\s+1\\s+1\\s+0\\s+0\\s*$`));
  });

  it('filters by cluster, limits and writes JSON', async () => {
    const db = join(home, 'h.db');
    const ids = await seed(db);
    const out = await run(['history', '--db', db, '--cluster', 'prod', '--limit', '1', '--format', 'json']);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as { scans: Record<string, unknown>[] };
    expect(json.scans).toHaveLength(1);
    expect(json.scans[0]).toMatchObject({ id: ids[1], cluster: 'prod', clusterArn: null, failures: 3, previousScan: ids[0], trend: 'up' });
  });

  it('says so when nothing is recorded, without creating the file', async () => {
    const out = await run(['history'], { env: { HOME: home } });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/No scans recorded in .*eksguard\.db/);
    expect(existsSync(join(home, '.eksguard'))).toBe(false);
  });

  it('rejects a bad --limit', async () => {
    expect((await run(['history', '--limit', 'x'], { env: { HOME: home } })).code).toBe(2);
  });
});

describe('eksguard diff', () => {
  it('shows new, fixed and unchanged counts and the new and fixed findings', async () => {
    const db = join(home, 'h.db');
    const [a, b] = await seed(db);
    const out = await run(['diff', String(a), String(b), '--db', db]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('2 new, 1 fixed, 1 unchanged');
    expect(out.stdout).toMatch(/New \(2\):\n\s+CRITICAL\s+check-fresh\s+Deployment\/shop\/fresh \[app\]: message of fresh\n\s+LOW\s+check-more/);
    expect(out.stdout).toMatch(/Fixed \(1\):\n\s+MEDIUM\s+check-gone/);
  });

  it('writes JSON, and fails with exit 2 for an unknown scan', async () => {
    const db = join(home, 'h.db');
    const [a, b] = await seed(db);
    const out = await run(['diff', String(a), String(b), '--format', 'json'], { env: { EKSGUARD_DB: db } });
    const json = JSON.parse(out.stdout) as { counts: unknown; new: { fingerprint: string }[]; fixed: { fingerprint: string }[] };
    expect(json.counts).toEqual({ new: 2, fixed: 1, notRechecked: 0, unchanged: 1 });
    expect(json.fixed.map((row) => row.fingerprint)).toEqual(['fp-gone']);
    const missing = await run(['diff', String(a), '99', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no scan 99');
    expect((await run(['diff', 'x', '1', '--db', db])).code).toBe(2);
  });
});

describe('eksguard scan --db', () => {
  it('records each scan, which history and diff then show', async () => {
    const db = join(home, 'scans.db');
    const first = await run(['scan', 'manifests', 'examples/shop', '--db', db, '--fail-on', 'none', '--format', 'json', '--no-attack-paths']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`recorded as scan 1 in ${db}`);
    const second = await run(['scan', 'manifests', 'examples/shop', '--fail-on', 'none', '--format', 'json', '--no-attack-paths'], { env: { EKSGUARD_DB: db } });
    expect(second.stderr).toContain('recorded as scan 2');
    const store = await ScanStore.open(db);
    try {
      const scans = await store.listScans();
      expect(scans.map((scan) => scan.id)).toEqual([2, 1]);
      expect(scans[0]).toMatchObject({ sourceType: 'manifests', target: join(process.cwd(), 'examples/shop') });
      expect(scans[0]?.findings).toBeGreaterThan(0);
      expect(await store.diff(1, 2)).toMatchObject({ new: [], fixed: [] });
    } finally {
      await store.close();
    }
  });

  it('records in ~/.eksguard/eksguard.db by default, and not at all with --no-store', async () => {
    const args = ['scan', 'manifests', 'examples/shop', '--fail-on', 'none', '--format', 'json', '--no-attack-paths'];
    const none = await run([...args, '--no-store'], { env: { HOME: home } });
    expect(none.code).toBe(0);
    expect(none.stderr).not.toContain('recorded');
    expect(existsSync(join(home, '.eksguard'))).toBe(false);
    const recorded = await run(args, { env: { HOME: home } });
    const path = join(home, '.eksguard', 'eksguard.db');
    expect(recorded.stderr).toContain(`recorded as scan 1 in ${path}`);
    const history = await run(['history', '--format', 'json'], { env: { HOME: home } });
    expect((JSON.parse(history.stdout) as { scans: unknown[] }).scans).toHaveLength(1);
    // Nowhere to record (no HOME, no --db, no EKSGUARD_DB): the scan goes on quietly.
    const homeless = await run(args, { env: {} });
    expect(homeless.code).toBe(0);
    expect(homeless.stderr).toBe('');
  });

  it('keeps the newest EKSGUARD_HISTORY_KEEP scans of each target when recording', async () => {
    const db = join(home, 'kept.db');
    const args = ['scan', 'manifests', 'examples/shop', '--fail-on', 'none', '--format', 'json', '--no-attack-paths', '--db', db];
    for (let i = 0; i < 3; i++) await run(args, { env: { EKSGUARD_HISTORY_KEEP: '2' } });
    const last = await run(args, { env: { EKSGUARD_HISTORY_KEEP: '2' } });
    expect(last.stderr).toContain('recorded as scan 4');
    expect(last.stderr).toContain('1 older scan pruned, keeping 2');
    const store = await ScanStore.open(db);
    try {
      expect((await store.listScans()).map((scan) => scan.id)).toEqual([4, 3]);
    } finally {
      await store.close();
    }
    // A bad retention setting is reported, and the scan is recorded all the same.
    const bad = await run(args, { env: { EKSGUARD_HISTORY_KEEP: 'lots' } });
    expect(bad.code).toBe(0);
    expect(bad.stderr).toContain('EKSGUARD_HISTORY_KEEP must be a whole number (0 keeps every scan), not "lots"; keeping 200');
    expect(bad.stderr).toContain('recorded as scan 5');
  });

  it('says a scan was recorded when only the pruning after it failed', async () => {
    const db = join(home, 'no-deletes.db');
    const args = ['scan', 'manifests', 'examples/shop', '--fail-on', 'none', '--format', 'json', '--no-attack-paths', '--db', db];
    await run(args, { env: { EKSGUARD_HISTORY_KEEP: '1' } });
    const store = await ScanStore.open(db);
    try {
      await store.sql.run("CREATE TRIGGER no_deletes BEFORE DELETE ON scans BEGIN SELECT RAISE(ABORT, 'deletes are not allowed here'); END");
    } finally {
      await store.close();
    }
    const second = await run(args, { env: { EKSGUARD_HISTORY_KEEP: '1' } });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`recorded as scan 2 in ${db}`);
    expect(second.stderr).toContain('older scans were not pruned: deletes are not allowed here');
    expect(second.stderr).not.toContain('not recorded');
  });
});

describe('eksguard history prune', () => {
  it('deletes old scans by count and age, and says how many', async () => {
    const db = join(home, 'h.db');
    const ids = await seed(db);
    const byCount = await run(['history', 'prune', '--keep-last', '1', '--db', db]);
    expect(byCount.code).toBe(0);
    expect(byCount.stdout).toBe(`Deleted 1 scan from ${db}.\n`);
    const store = await ScanStore.open(db);
    try {
      expect((await store.listScans()).map((scan) => scan.id)).toEqual([ids[2], ids[1]]);
    } finally {
      await store.close();
    }
    // recordedAt is now: nothing is older than a day.
    expect((await run(['history', 'prune', '--older-than', '1', '--db', db])).stdout).toBe(`Deleted 0 scans from ${db}.\n`);
    expect((await run(['history', 'prune', '--older-than', '0', '--db', db])).stdout).toBe(`Deleted 2 scans from ${db}.\n`);
  });

  it('needs a rule and whole numbers', async () => {
    const db = join(home, 'h.db');
    await seed(db);
    const none = await run(['history', 'prune', '--db', db]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('needs --keep-last N, --older-than DAYS, or both');
    expect((await run(['history', 'prune', '--keep-last', '-1', '--db', db])).code).toBe(2);
    expect((await run(['history', 'prune', '--older-than', '1.5', '--db', db])).code).toBe(2);
  });
});

describe('scans narrowed on the command line', () => {
  it('are recorded with their scope and compared only with scans narrowed alike', async () => {
    const db = join(home, 'scoped.db');
    const base = ['scan', 'manifests', 'examples/shop', '--fail-on', 'none', '--format', 'json', '--no-attack-paths', '--db', db];
    await run(base);
    await run([...base, '--checks', 'wl-*']);
    await run(base);
    const history = await run(['history', '--db', db, '--format', 'json']);
    const scans = (JSON.parse(history.stdout) as { scans: { id: number; scope: string | null; previousScan: number | null }[] }).scans;
    expect(scans.map((scan) => [scan.id, scan.scope, scan.previousScan])).toEqual([
      [3, null, 1],
      [2, 'checks:wl-*', null],
      [1, null, null],
    ]);
    // Diffing across scopes says so, and failures of checks that did not run are not "fixed".
    const diff = await run(['diff', '1', '2', '--db', db]);
    expect(diff.stdout).toContain('Note: the two scans are of different sources, clusters or scopes.');
    expect(diff.stdout).toMatch(/ 0 fixed, \d+ unchanged, \d+ not rechecked \(their check did not run or could not decide\)/);
  });
});
