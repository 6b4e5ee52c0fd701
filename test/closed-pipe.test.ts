/**
 * The installed command (bin/eksguard.js over dist/, built by `npm ci`) when its reader stops
 * early, as `eksguard checks list | head -1` does: no EPIPE stack trace, a normal exit.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '..', 'bin', 'eksguard.js');

describe('a closed output pipe', () => {
  it('ends the command quietly', async () => {
    const child = spawn(process.execPath, [BIN, 'checks', 'list'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // Like `head -1`: read the first chunk, then close our end.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});
