/**
 * The examples that `--help` and docs/commands give for the attack-path commands, run against
 * the bundled examples (examples/shop, examples/prod.snapshot.json.gz), with the real graph: an
 * example naming a node, namespace or query the examples do not have prints nothing useful.
 * Examples against a live cluster (`… cluster …`) cannot run here and are skipped.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './test-support/run.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const COMMANDS = ['graph', 'paths', 'who-can'] as const;

/** Example lines of a text: one command a line (a trailing `\` joins the next), `eksguard …` or `cat file | eksguard …`. */
function exampleLines(text: string): string[] {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(eksguard|cat \S+ \| eksguard) (graph|paths|who-can) /.test(line) && !line.includes('<'));
}

function docExamples(command: string): string[] {
  const text = readFileSync(join(ROOT, 'docs', 'commands', `${command}.md`), 'utf8');
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks.flatMap(exampleLines);
}

async function helpExamples(): Promise<string[]> {
  const lines = exampleLines((await run(['--help'])).stdout);
  for (const command of COMMANDS) {
    for (const args of [[command], [command, 'manifests'], [command, 'snapshot'], [command, 'cluster']]) {
      lines.push(...exampleLines((await run([...args, '--help'])).stdout));
    }
  }
  return lines;
}

interface Invocation {
  args: string[];
  stdin?: string;
}

/** The eksguard part of an example as arguments, its input when piped from `cat` (one file); pipes and redirection after it dropped. */
function invocationOf(example: string): Invocation {
  const cat = /^cat (\S+) \| (.*)$/.exec(example);
  const command = (cat ? cat[2]! : example).split(/\s+[|>]\s/)[0]!.trim();
  const args = command.split(/\s+/).slice(1);
  return cat ? { args, stdin: readFileSync(join(ROOT, cat[1]!), 'utf8') } : { args };
}

/** What an example must print to have shown something: a path, a node, a subject. */
function expectUseful(args: readonly string[], stdout: string): void {
  const json = args.includes('json') && !args.includes('dot');
  const [command] = args;
  if (command === 'graph') {
    if (args.includes('dot')) expect(stdout).toMatch(/ -> /);
    else expect((JSON.parse(stdout) as { edges: unknown[] }).edges.length).toBeGreaterThan(0);
  } else if (command === 'paths') {
    if (json) expect((JSON.parse(stdout) as { attackPaths: unknown[] }).attackPaths.length).toBeGreaterThan(0);
    else expect(stdout).toMatch(/^Attack paths: \d+/);
  } else if (json) {
    expect((JSON.parse(stdout) as { subjects: unknown[] }).subjects.length).toBeGreaterThan(0);
  } else {
    expect(stdout).toMatch(/^Who can .*:\n\n\S/);
  }
}

describe('examples in --help and docs/commands for graph, paths and who-can', async () => {
  const help = await helpExamples();
  const docs = COMMANDS.flatMap(docExamples);
  const runnable = [...new Set([...help, ...docs])].filter((line) => !/ (graph|paths|who-can) cluster /.test(line) && !/^eksguard \S+ cluster /.test(line));

  it('gives examples for each command, in the help and the docs, most of them runnable here', () => {
    for (const command of COMMANDS) {
      expect(help.some((line) => line.includes(`eksguard ${command} `)), `help of ${command}`).toBe(true);
      expect(docExamples(command).length, `docs/commands/${command}.md`).toBeGreaterThan(0);
    }
    expect(runnable.length).toBeGreaterThanOrEqual(12);
  });

  it.each(runnable)('%s', async (example) => {
    const { args, stdin } = invocationOf(example);
    const result = await run(args, { cwd: ROOT, ...(stdin !== undefined && { stdin }) });
    expect(result.stderr).toBe('');
    // 1 is `--fail-on` doing its job; anything else is an error.
    expect([0, 1]).toContain(result.code);
    expectUseful(args, result.stdout);
  });
});
