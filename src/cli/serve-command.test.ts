/** `eksguard serve` end to end: the CLI listening on a free port, fetched over HTTP, stopped by a signal. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, ScanStore } from '../store/index.js';
import { fakeScan } from '../store/test-support/fixtures.js';
import { runCli } from './main.js';
import { Capture, run, waitForOutput } from './test-support/run.js';

let db: string;
beforeAll(async () => {
  db = join(mkdtempSync(join(tmpdir(), 'eksguard-serve-')), 'scans.db');
  const store = await ScanStore.open(db);
  await store.recordScan(fakeScan([{ id: 'a-1' }]), { sourceType: 'manifests', target: 'k8s' });
  await store.close();
});

function serve(args: string[], env: NodeJS.ProcessEnv = {}): { done: Promise<number>; stderr: Capture } {
  const stderr = new Capture();
  const done = runCli(['serve', '--db', db, '--port', '0', ...args], { stdout: new Capture(), stderr, stdin: Readable.from([]), env, cwd: process.cwd() });
  return { done, stderr };
}

describe('eksguard serve', () => {
  it('serves the dashboard on loopback until stopped', async () => {
    const { done, stderr } = serve([]);
    const port = await waitForOutput(stderr, /dashboard on http:\/\/127\.0\.0\.1:(\d+)\//);
    const response = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, store: db, schemaVersion: SCHEMA_VERSION, scans: 1 });
    const taken = await run(['serve', '--db', db, '--port', port]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain(`cannot listen on 127.0.0.1:${port}`);
    process.emit('SIGTERM');
    expect(await done).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  });

  it('off loopback, generates a token, prints it once, and requires it', async () => {
    const { done, stderr } = serve(['--host', '0.0.0.0']);
    const port = await waitForOutput(stderr, /dashboard on http:\/\/0\.0\.0\.0:(\d+)\//);
    const token = await waitForOutput(stderr, /\?token=([\w-]+) \(the token is shown only now\)/);
    expect(token).toHaveLength(43);
    expect(stderr.text.split(token)).toHaveLength(2);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    process.emit('SIGINT');
    expect(await done).toBe(0);
  });

  it('takes the token from EKSGUARD_TOKEN and does not print it', async () => {
    const { done, stderr } = serve(['--host', '0.0.0.0'], { EKSGUARD_TOKEN: 'from-the-environment-0123' });
    const port = await waitForOutput(stderr, /dashboard on http:\/\/0\.0\.0\.0:(\d+)\//);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { authorization: 'Bearer from-the-environment-0123' } })).status).toBe(200);
    process.emit('SIGTERM');
    expect(await done).toBe(0);
    expect(stderr.text).not.toContain('from-the-environment-0123');
    expect(stderr.text).not.toContain('token=');
  });

  it('refuses a bad port and explains --help with an example', async () => {
    const bad = await run(['serve', '--db', db, '--port', '70000']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port must be a whole number from 0 to 65535, not "70000"');
    for (const token of ['', 'short']) {
      const weak = await run(['serve', '--db', db, '--port', '0', '--host', '0.0.0.0', '--token', token]);
      expect(weak.code, token).toBe(2);
      expect(weak.stderr).toContain('the token must be at least 16 characters');
    }
    const help = await run(['serve', '--help']);
    expect(help.stdout).toContain('eksguard serve --db ci/eksguard.db --port 8080');
  });
});
