import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScanStore } from './index.js';
import { DIALECTS, storeBackends } from './test-support/backends.js';
import { fakeScan, manyFindings } from './test-support/fixtures.js';

const CHILD = fileURLToPath(new URL('./test-support/record-child.ts', import.meta.url));
const backends = storeBackends();

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Child {
  started: Promise<void>;
  exited: Promise<Outcome>;
  kill: () => void;
}

/** record-child.ts in its own process: <location> <scans> <findings per scan> <label>. */
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
  const exited = new Promise<Outcome>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { started, exited, kill: () => child.kill('SIGKILL') };
}

const idsOf = (outcome: Outcome): number[] => [...outcome.stdout.matchAll(/^scan (\d+)$/gm)].map((match) => Number(match[1]));

describe.each(DIALECTS)('several writers on one %s store', (dialect) => {
  it('four processes recording five scans each at once: 20 distinct ids, every scan complete with its rows', async () => {
    const location = await backends.location(dialect);
    // The store exists before the writers start, as it does for fleet shards (they would migrate it once otherwise, see store-open.test.ts).
    await (await backends.open(location)).close();
    const children = ['one', 'two', 'three', 'four'].map((label) => startChild([location, '5', '300', label]));
    const outcomes = await Promise.all(children.map((child) => child.exited));
    for (const outcome of outcomes) expect(outcome, outcome.stderr).toMatchObject({ code: 0 });
    const ids = outcomes.flatMap(idsOf);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    const store = await backends.open(location);
    expect(await store.integrityCheck()).toBe('ok');
    const scans = await store.listScans();
    expect(scans.map((scan) => scan.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    for (const label of ['one', 'two', 'three', 'four']) expect(scans.filter((scan) => scan.target === label)).toHaveLength(5);
    for (const scan of scans) expect(scan.findings).toBe(300);
    expect(await store.sql.value('SELECT COUNT(*) FROM findings')).toBe(20 * 300);
    expect(await store.sql.value("SELECT COUNT(*) FROM scans WHERE status != 'complete'")).toBe(0);
  });

  it('twenty stores of one process recording at once all land', async () => {
    const location = await backends.location(dialect);
    await (await backends.open(location)).close();
    const stores = await Promise.all(Array.from({ length: 20 }, () => backends.open(location)));
    const ids = await Promise.all(stores.map((store, i) => store.recordScan(fakeScan(manyFindings(`s${i}`, 50)), { sourceType: 'manifests', target: `t${i}` })));
    expect(new Set(ids).size).toBe(20);
    const store = stores[0]!;
    for (const [i, id] of ids.entries()) {
      const rows = await store.findings(id);
      expect(rows).toHaveLength(50);
      expect(rows.every((row) => row.fingerprint.startsWith(`fp-s${i}-`))).toBe(true);
    }
  });

  it('a writer killed mid-transaction leaves a sound store and no partial scan', async () => {
    const location = await backends.location(dialect);
    await (await backends.open(location)).close();
    // Records 20,000-finding scans back to back: nearly all its time is inside a transaction.
    const child = startChild([location, '0', '20000', 'big']);
    await child.started;
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill();
    expect((await child.exited).signal).toBe('SIGKILL');
    const store = await backends.open(location);
    expect(await store.integrityCheck()).toBe('ok');
    expect(await store.sql.value("SELECT COUNT(*) FROM scans WHERE status != 'complete'")).toBe(0);
    for (const scan of await store.listScans()) expect(await store.sql.value('SELECT COUNT(*) FROM findings WHERE scan_id = ?', [scan.id])).toBe(20_000);
    expect(await store.sql.value('SELECT COUNT(*) FROM findings WHERE scan_id NOT IN (SELECT id FROM scans)')).toBe(0);
    // The store takes writes again after the crash.
    expect(await store.recordScan(fakeScan(manyFindings('after', 2)), { sourceType: 'manifests' })).toBeGreaterThan(0);
  });
});

describe('SQLite under load', () => {
  it('two writer processes recording 20 scans each leave 40 complete scans and a sound file', async () => {
    const path = await backends.location('sqlite');
    await (await ScanStore.open(path)).close();
    const children = [startChild([path, '20', '200', 'one']), startChild([path, '20', '200', 'two'])];
    const outcomes = await Promise.all(children.map((child) => child.exited));
    for (const outcome of outcomes) expect(outcome, outcome.stderr).toMatchObject({ code: 0 });
    const store = await backends.open(path);
    expect(await store.integrityCheck()).toBe('ok');
    expect(await store.listScans()).toHaveLength(40);
    expect(await store.sql.value('SELECT COUNT(*) FROM findings')).toBe(40 * 200);
  });
});
