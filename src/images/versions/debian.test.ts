import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compareDebian, isValidDebianVersion } from './debian.js';

/** Small deterministic generator (mulberry32) so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['0', '1', '2', '9', '10', '01', '001', '123', 'a', 'b', 'z', 'A', 'Z', '.', '+', '~', '~~', 'rc', 'dfsg', 'ubuntu', 'deb', 'git'];

function generate(rnd: () => number): string {
  const pick = (list: string[]): string => list[Math.floor(rnd() * list.length)] as string;
  const run = (n: number): string => Array.from({ length: n }, () => pick(PIECES)).join('');
  const epoch = rnd() < 0.15 ? `${Math.floor(rnd() * 3)}:` : '';
  const upstream = `${Math.floor(rnd() * 4)}${run(Math.floor(rnd() * 5))}`;
  const revision = rnd() < 0.6 ? `-${run(1 + Math.floor(rnd() * 3)).replace(/-/g, '')}` : '';
  return `${epoch}${upstream}${revision}`;
}

/** Small edits of a version, so many pairs are equal or differ in one place. */
function mutate(rnd: () => number, version: string): string {
  const edits = [
    (v: string) => `${v}~`,
    (v: string) => `${v}0`,
    (v: string) => `${v}a`,
    (v: string) => `${v}.0`,
    (v: string) => v.replace(/\d+/, (d) => `0${d}`),
    (v: string) => v.replace(/(\d+)(?!.*\d)/, (d) => String(Number(d) + 1)),
    (v: string) => (v.includes('-') ? v : `${v}-0`),
    (v: string) => (v.includes(':') ? v : `0:${v}`),
    (v: string) => v,
  ];
  return (edits[Math.floor(rnd() * edits.length)] as (v: string) => string)(version);
}

/** Asks dpkg for each pair, one shell per batch: `<`, `=` or `>` per line. */
function dpkgBatch(pairs: Array<[string, string]>): Promise<string[]> {
  const script = 'while read -r a b; do if dpkg --compare-versions "$a" lt "$b"; then echo "<"; elif dpkg --compare-versions "$a" eq "$b"; then echo "="; else echo ">"; fi; done';
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', (error) => reject(new Error(`dpkg is required for this test (apt-get install dpkg): ${error.message}`)));
    child.on('close', (code) => {
      if (code !== 0 || err !== '') reject(new Error(`dpkg batch failed (${code}): ${err}`));
      else resolve(out.trim().split('\n'));
    });
    child.stdin.end(pairs.map(([a, b]) => `${a} ${b}`).join('\n') + '\n');
  });
}

const symbol = (n: number): string => (n < 0 ? '<' : n > 0 ? '>' : '=');

describe('compareDebian', () => {
  it('orders the deb-version(7) examples', () => {
    const ascending = ['~~', '~~a', '~', '', 'a'];
    for (let i = 1; i < ascending.length; i++) expect(compareDebian(`1.0${ascending[i - 1]}`, `1.0${ascending[i]}`)).toBeLessThan(0);
    expect(compareDebian('1:1.0', '2.0')).toBeGreaterThan(0);
    expect(compareDebian('1.0', '1.0-0')).toBe(0);
    expect(compareDebian('1.01', '1.1')).toBe(0);
    expect(compareDebian('2.36-9+deb12u4', '2.36-9+deb12u10')).toBeLessThan(0);
    expect(compareDebian('1.2.3-1~bpo12+1', '1.2.3-1')).toBeLessThan(0);
    expect(isValidDebianVersion('1:2.3-4')).toBe(true);
    expect(isValidDebianVersion('a1.0')).toBe(false);
  });

  it('agrees with dpkg --compare-versions on 3,000 generated pairs', async () => {
    const rnd = random(8);
    const pairs: Array<[string, string]> = [];
    while (pairs.length < 3000) {
      const a = generate(rnd);
      const b = rnd() < 0.5 ? mutate(rnd, a) : generate(rnd);
      if (isValidDebianVersion(a) && isValidDebianVersion(b)) pairs.push([a, b]);
    }
    const batches = 4;
    const size = Math.ceil(pairs.length / batches);
    const answers = (await Promise.all(Array.from({ length: batches }, (_, i) => dpkgBatch(pairs.slice(i * size, (i + 1) * size))))).flat();
    expect(answers).toHaveLength(pairs.length);
    const disagreements = pairs
      .map(([a, b], i) => ({ a, b, dpkg: answers[i], ours: symbol(compareDebian(a, b)) }))
      .filter((row) => row.dpkg !== row.ours);
    expect(disagreements).toEqual([]);
    // The generator must exercise every outcome, or the comparison proves little.
    expect(new Set(answers)).toEqual(new Set(['<', '=', '>']));
  }, 20_000);
});
