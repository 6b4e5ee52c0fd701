/**
 * Every command a user can run has `--help` with an example and a page under docs/: walks the
 * command tree as `--help` lists it, so a new command without them fails here.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './test-support/run.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The page documenting a command: its own, else its parent's (`scan manifests` → scan-manifests.md, `respond undo` → respond.md). */
const PAGE_OF: Record<string, string> = { diff: 'history' };

function subcommands(help: string): string[] {
  const section = /\nCommands:\n([\s\S]*?)(?:\n\n|$)/.exec(help)?.[1] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}([a-z][a-z-]*)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help');
}

async function leafCommands(path: string[] = []): Promise<string[][]> {
  const { stdout } = await run([...path, '--help']);
  const children = subcommands(stdout);
  if (children.length === 0) return [path];
  const leaves: string[][] = [];
  for (const child of children) leaves.push(...(await leafCommands([...path, child])));
  return leaves;
}

function pageFor(path: string[]): string | undefined {
  for (let length = path.length; length > 0; length--) {
    const name = path.slice(0, length).join('-');
    const page = join(ROOT, 'docs', 'commands', `${PAGE_OF[name] ?? name}.md`);
    if (existsSync(page)) return page;
  }
  return undefined;
}

describe('command help and docs', () => {
  it('gives every command an example in --help and a docs page', async () => {
    const leaves = await leafCommands();
    expect(leaves.map((path) => path.join(' '))).toEqual(expect.arrayContaining(['fix', 'netpol generate', 'rbac least-privilege', 'iam least-privilege', 'respond undo', 'scan manifests']));
    const missing: string[] = [];
    for (const path of leaves) {
      const { stdout } = await run([...path, '--help']);
      if (!/example/i.test(stdout)) missing.push(`${path.join(' ')}: no example in --help`);
      if (!pageFor(path)) missing.push(`${path.join(' ')}: no docs/commands page`);
    }
    expect(missing).toEqual([]);
  }, 60_000);
});
