import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, ScanStore, StoreError } from './index.js';
import { MIGRATIONS } from './migrations.js';
import { fakeScan, manyFindings } from './test-support/fixtures.js';

const CHILD = fileURLToPath(new URL('./test-support/record-child.ts', import.meta.url));

let dir: string;
let stores: ScanStore[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eksguard-store-'));
  stores = [];
});
afterEach(() => {
  for (const store of stores) if (store.db.open) store.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(path = join(dir, 'history', 'eksguard.db')): ScanStore {
  const store = ScanStore.open(path);
  stores.push(store);
  return store;
}

const cluster = (name: string) => ({ sourceType: 'cluster', cluster: { name, arn: `arn:aws:eks:eu-west-1:111122223333:cluster/${name}`, accountId: '111122223333', region: 'eu-west-1' } });

describe('ScanStore.open', () => {
  it('creates the folder 0700 and the file 0600, in WAL mode, migrated', () => {
    const path = join(dir, 'a', 'b', 'eksguard.db');
    const store = open(path);
    expect(statSync(join(dir, 'a', 'b')).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION);
    const migrations = store.db.prepare('SELECT version FROM schema_migrations').pluck().all();
    expect(migrations).toEqual(MIGRATIONS.map((migration) => migration.version));
    const indexes = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'findings'").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['findings_scan', 'findings_fingerprint', 'findings_check']));
  });

  it('opens an existing store again without migrating twice', () => {
    const path = join(dir, 'eksguard.db');
    open(path).recordScan(fakeScan(manyFindings('x', 3)), { sourceType: 'manifests', target: 'k8s' });
    const again = open(path);
    expect(again.listScans()).toHaveLength(1);
    expect(again.db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
  });

  it('refuses a store of a newer schema with a clear error', () => {
    const path = join(dir, 'eksguard.db');
    open(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => ScanStore.open(path)).toThrow(StoreError);
    expect(() => ScanStore.open(path)).toThrow(`schema version ${SCHEMA_VERSION + 1}, newer than this eksguard knows (${SCHEMA_VERSION})`);
  });
});

describe('ScanStore.openReadOnly', () => {
  it('reads a store it may not write, sees scans recorded meanwhile, and refuses to write', () => {
    const path = join(dir, 'ro.db');
    const writer = open(path);
    writer.recordScan(fakeScan([{ id: 'a' }]), { sourceType: 'manifests', target: 'k8s' });
    chmodSync(path, 0o400);
    const reader = ScanStore.openReadOnly(path);
    stores.push(reader);
    expect(reader.listScans()).toHaveLength(1);
    chmodSync(path, 0o600);
    writer.recordScan(fakeScan([{ id: 'b' }]), { sourceType: 'manifests', target: 'k8s' });
    expect(reader.listScans()).toHaveLength(2);
    expect(() => reader.recordScan(fakeScan([{ id: 'c' }]), { sourceType: 'manifests' })).toThrow(/readonly/);
  });

  it('migrates an older store once, and refuses a missing one', () => {
    const path = join(dir, 'old.db');
    const raw = new Database(path);
    raw.exec(MIGRATIONS[0]!.sql);
    raw.pragma('user_version = 1');
    raw.close();
    const reader = ScanStore.openReadOnly(path);
    stores.push(reader);
    expect(reader.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(() => ScanStore.openReadOnly(join(dir, 'missing.db'))).toThrow();
  });
});

describe('migrations', () => {
  it('brings a version-1 store up to date and keeps its scans', () => {
    const path = join(dir, 'old.db');
    const raw = new Database(path);
    const first = MIGRATIONS[0]!;
    raw.exec(first.sql);
    raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
    raw.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run(first.description, '2026-01-01T00:00:00.000Z');
    raw.exec(`INSERT INTO scans (started_at, recorded_at, source_type, tool_version, summary_json, status)
              VALUES ('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'manifests', '0.1.0', '{"failuresBySeverity":{"high":2}}', 'complete')`);
    raw.pragma('user_version = 1');
    raw.close();
    const store = open(path);
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(store.listScans().map((scan) => [scan.id, scan.failures.high])).toEqual([[1, 2]]);
    // The new columns are there and writable.
    const id = store.recordScan(fakeScan(manyFindings('x', 2)), { sourceType: 'manifests', target: 'k8s' });
    expect(store.findings(id)).toHaveLength(2);
  });
});

describe('recordScan, listScans and scan', () => {
  it('stores failures, errors and not-evaluated results, not passes, and the summary counts', () => {
    const store = open();
    const result = fakeScan(
      [
        { id: 'a', severity: 'critical' },
        { id: 'b', severity: 'low', waived: true },
        { id: 'c', status: 'error' },
        { id: 'd', status: 'not-evaluated' },
        { id: 'e', status: 'pass' },
      ],
      { passes: 40, attackPaths: 2 },
    );
    const id = store.recordScan(result, cluster('prod'));
    const scan = store.scan(id);
    expect(scan).toMatchObject({
      id,
      sourceType: 'cluster',
      cluster: 'prod',
      clusterArn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod',
      accountId: '111122223333',
      region: 'eu-west-1',
      toolVersion: '0.1.0-test',
      startedAt: '2025-01-01T00:00:00.000Z',
      attackPaths: 2,
      findings: 4,
      failures: { critical: 1, high: 0, medium: 0, low: 0, info: 0 },
    });
    expect(scan?.summary.byStatus.pass).toBe(41);
    const rows = store.findings(id);
    expect(rows.map((row) => row.fingerprint)).toEqual(['fp-a', 'fp-b', 'fp-c', 'fp-d']);
    expect(rows[1]).toMatchObject({ waived: true, severity: 'low', status: 'fail', resource: { kind: 'Deployment', namespace: 'shop', name: 'b' }, container: 'app', riskScore: 50 });
    expect(store.scan(id + 100)).toBeUndefined();
  });

  it('lists newest first, by cluster, with a limit', () => {
    const store = open();
    const ids = ['prod', 'dev', 'prod', 'prod'].map((name) => store.recordScan(fakeScan(manyFindings(name, 2)), cluster(name)));
    expect(store.listScans().map((scan) => scan.id)).toEqual([...ids].reverse());
    expect(store.listScans({ cluster: 'prod', limit: 2 }).map((scan) => scan.id)).toEqual([ids[3], ids[2]]);
    expect(store.listScans({ cluster: 'dev' }).map((scan) => scan.cluster)).toEqual(['dev']);
    expect(store.listScans({ cluster: 'nope' })).toEqual([]);
  });
});

describe('diff', () => {
  it('splits failures into new, fixed and unchanged by fingerprint', () => {
    const store = open();
    const a = store.recordScan(fakeScan([{ id: 'keep' }, { id: 'gone' }, { id: 'err', status: 'error' }]), cluster('prod'));
    const b = store.recordScan(fakeScan([{ id: 'keep' }, { id: 'fresh', severity: 'critical' }]), cluster('prod'));
    const diff = store.diff(a, b);
    expect(diff.from.id).toBe(a);
    expect(diff.to.id).toBe(b);
    expect(diff.new.map((row) => row.fingerprint)).toEqual(['fp-fresh']);
    expect(diff.new[0]?.severity).toBe('critical');
    expect(diff.fixed.map((row) => row.fingerprint)).toEqual(['fp-gone']);
    expect(diff.unchanged.map((row) => row.fingerprint)).toEqual(['fp-keep']);
    expect(() => store.diff(a, 999)).toThrow(/no scan 999/);
  });
});

describe('trend', () => {
  it('gives the last n scans of the group, up to the scan, oldest first, with failures by severity', () => {
    const store = open();
    store.recordScan(fakeScan([{ id: 'x', severity: 'critical' }]), cluster('prod'));
    store.recordScan(fakeScan([{ id: 'x', severity: 'critical' }, { id: 'y', severity: 'high' }]), cluster('prod'));
    store.recordScan(fakeScan([{ id: 'z', severity: 'low' }]), cluster('dev'));
    const last = store.recordScan(fakeScan([{ id: 'y', severity: 'high' }, { id: 'w', severity: 'high', waived: true }]), cluster('prod'));
    const scan = store.scan(last)!;
    const trend = store.trend(scan, 2);
    expect(trend.map((point) => point.total)).toEqual([2, 1]);
    expect(trend[0]?.failures).toEqual({ critical: 1, high: 1, medium: 0, low: 0, info: 0 });
    expect(trend[1]?.failures.high).toBe(1);
    expect(store.trend(scan, 10)).toHaveLength(3);
    expect(store.trend(store.scan(2)!, 10).map((point) => point.id)).toEqual([1, 2]);
  });
});

describe('comparison groups', () => {
  const elsewhere = (name: string) => ({ sourceType: 'cluster', cluster: { name, arn: `arn:aws:eks:us-east-1:999988887777:cluster/${name}`, accountId: '999988887777', region: 'us-east-1' } });

  it('keep clusters of one name in two accounts apart: previous scan, trend and retention', () => {
    const store = open();
    const ours = store.recordScan(fakeScan([{ id: 'a' }]), cluster('prod'));
    const theirs = store.recordScan(fakeScan([{ id: 'b' }]), elsewhere('prod'));
    const theirsAgain = store.recordScan(fakeScan([{ id: 'b' }]), elsewhere('prod'));
    expect(store.previousScan(store.scan(theirs)!)).toBeUndefined();
    expect(store.previousScan(store.scan(theirsAgain)!)?.id).toBe(theirs);
    expect(store.prune({ keepLast: 1 })).toBe(1);
    expect(store.listScans().map((scan) => scan.id)).toEqual([theirsAgain, ours]);
  });

  it('keep a narrowed scan (--framework, --checks) apart from full scans', () => {
    const store = open();
    const full = store.recordScan(fakeScan([{ id: 'a' }, { id: 'b' }]), cluster('prod'));
    const narrowed = store.recordScan(fakeScan([{ id: 'a' }]), { ...cluster('prod'), scope: 'framework:pss' });
    const fullAgain = store.recordScan(fakeScan([{ id: 'a' }, { id: 'b' }]), cluster('prod'));
    expect(store.scan(narrowed)).toMatchObject({ scope: 'framework:pss' });
    expect(store.scan(full)?.scope).toBeUndefined();
    expect(store.previousScan(store.scan(narrowed)!)).toBeUndefined();
    expect(store.previousScan(store.scan(fullAgain)!)?.id).toBe(full);
  });

  it('never calls a failure fixed when its check did not decide in the later scan', () => {
    const store = open();
    const before = store.recordScan(fakeScan([{ id: 'a-1' }, { id: 'b-1' }, { id: 'c-1' }]), { ...cluster('prod'), ranChecks: ['check-a', 'check-b', 'check-c'] });
    // check-b did not run; check-c ran but could not decide (not evaluated); check-a decided and passed.
    const after = store.recordScan(fakeScan([{ id: 'c-2', status: 'not-evaluated' }]), { ...cluster('prod'), ranChecks: ['check-a', 'check-c'] });
    const diff = store.diff(before, after);
    expect(diff.fixed.map((row) => row.fingerprint)).toEqual(['fp-a-1']);
    expect(diff.notRechecked.map((row) => row.fingerprint).sort()).toEqual(['fp-b-1', 'fp-c-1']);
  });
});

describe('prune', () => {
  it('keeps the newest N of each cluster', () => {
    const store = open();
    for (const name of ['prod', 'prod', 'prod', 'dev', 'dev']) store.recordScan(fakeScan(manyFindings(name, 3)), cluster(name));
    expect(store.prune({ keepLast: 1 })).toBe(3);
    expect(store.listScans().map((scan) => scan.cluster)).toEqual(['dev', 'prod']);
    expect(store.db.prepare('SELECT COUNT(*) FROM findings').pluck().get()).toBe(6);
  });

  it('deletes scans older than N days, never one of the keepLast newest', () => {
    const store = open();
    const now = new Date('2025-03-01T00:00:00Z');
    const day = (n: number) => new Date(now.getTime() - n * 86_400_000);
    for (const age of [60, 40, 20, 1]) store.recordScan(fakeScan(manyFindings('p', 1)), { ...cluster('prod'), recordedAt: day(age) });
    expect(store.prune({ olderThanDays: 30, keepLast: 3, now })).toBe(1);
    expect(store.listScans()).toHaveLength(3);
    expect(store.prune({ olderThanDays: 30, now })).toBe(1);
    expect(store.listScans().map((scan) => scan.recordedAt)).toEqual([day(1).toISOString(), day(20).toISOString()]);
    expect(() => store.prune({})).toThrow(StoreError);
  });
});

interface Child {
  started: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill: () => void;
}

function startChild(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const started = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('started')) resolve();
    });
    child.on('exit', () => reject(new Error(`child exited before starting: ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { started, exited, kill: () => child.kill('SIGKILL') };
}

describe('several processes', () => {
  it('two writers recording 20 scans each at once leave 40 complete scans and a sound file', async () => {
    const path = join(dir, 'shared.db');
    const children = [startChild([path, '20', '200', 'one']), startChild([path, '20', '200', 'two'])];
    const outcomes = await Promise.all(children.map((child) => child.exited));
    for (const outcome of outcomes) expect(outcome, outcome.stderr).toMatchObject({ code: 0 });
    const store = open(path);
    expect(store.integrityCheck()).toBe('ok');
    const scans = store.listScans();
    expect(scans).toHaveLength(40);
    expect(scans.filter((scan) => scan.target === 'one')).toHaveLength(20);
    expect(store.db.prepare('SELECT COUNT(*) FROM findings').pluck().get()).toBe(40 * 200);
  });

  it('a writer killed mid-transaction leaves a sound file and no partial scan', async () => {
    const path = join(dir, 'killed.db');
    // Records 20,000-finding scans back to back: nearly all its time is inside a transaction.
    const child = startChild([path, '0', '20000', 'big']);
    await child.started;
    await new Promise((resolve) => setTimeout(resolve, 150));
    child.kill();
    expect((await child.exited).signal).toBe('SIGKILL');
    const store = open(path);
    expect(store.integrityCheck()).toBe('ok');
    const db = store.db;
    expect(db.prepare("SELECT COUNT(*) FROM scans WHERE status != 'complete'").pluck().get()).toBe(0);
    for (const scan of store.listScans()) expect(db.prepare('SELECT COUNT(*) FROM findings WHERE scan_id = ?').pluck().get(scan.id)).toBe(20_000);
    expect(db.prepare('SELECT COUNT(*) FROM findings WHERE scan_id NOT IN (SELECT id FROM scans)').pluck().get()).toBe(0);
    // The store takes writes again after the crash.
    expect(store.recordScan(fakeScan(manyFindings('after', 2)), { sourceType: 'manifests' })).toBeGreaterThan(0);
  });
});
