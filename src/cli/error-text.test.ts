/**
 * Usage and input errors quote what they could not read (a JSON parser quotes the bytes, a
 * playbook error the value): whatever command raised them, control characters in the quote
 * reach the terminal escaped.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './test-support/run.js';

// eslint-disable-next-line no-control-regex -- what must not reach the terminal
const RAW_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

describe('usage and input errors', () => {
  it('show the control characters of a quoted input as \\xNN, and keep their lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-errors-'));
    writeFileSync(join(dir, 'snapshot.json'), '\u001b[2J\u001b]0;title\u0007{"kind":');
    writeFileSync(join(dir, 'playbooks.yaml'), 'apiVersion: v1\nkind: "Playbooks\\e[31m"\n');
    const snapshot = await run(['fix', '--snapshot', join(dir, 'snapshot.json')], { cwd: dir });
    expect(snapshot.code).toBe(2);
    expect(snapshot.stderr).toContain('snapshot.json');
    expect(snapshot.stderr).toContain('\\x1B[2J');
    const playbook = await run(['respond', '--alerts', '-', '--playbook', 'playbooks.yaml'], { cwd: dir });
    expect(playbook.code).toBe(2);
    expect(playbook.stderr).toContain('kind: must be ResponsePlaybooks, not "Playbooks\\x1B[31m"');
    expect(playbook.stderr.split('\n').length).toBeGreaterThan(3);
    for (const { stderr } of [snapshot, playbook]) expect(stderr).not.toMatch(RAW_CONTROL);
  });
});
