import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareApk, isValidApkVersion } from './apk.js';

// apk-tools' own comparison vectors; where they come from is written at the top of the file.
const lines = readFileSync(new URL('./fixtures/apk-version.data', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.replace(/#.*$/, '').trim())
  .filter((line) => line !== '');
const comparisons = lines.map((line) => line.split(/\s+/)).filter((parts) => parts.length === 3) as Array<[string, string, string]>;
const valid = lines.filter((line) => line.startsWith('valid ')).map((line) => line.slice('valid '.length));
const invalid = lines.filter((line) => line.startsWith('!')).map((line) => line.slice(1));

const symbol = (n: number): string => (n < 0 ? '<' : n > 0 ? '>' : '=');

describe('compareApk', () => {
  it('has the vectors', () => {
    expect(comparisons.length).toBeGreaterThan(700);
    expect(valid.length).toBe(6);
    expect(invalid.length).toBe(24);
  });

  it('agrees with every apk-tools comparison vector, both ways round', () => {
    const wrong = comparisons.filter(([a, op, b]) => symbol(compareApk(a, b)) !== op || symbol(compareApk(b, a)) !== symbol(-'<=>'.indexOf(op) + 1));
    expect(wrong).toEqual([]);
  });

  it('validates versions as apk-tools does', () => {
    expect(valid.filter((v) => !isValidApkVersion(v))).toEqual([]);
    expect(invalid.filter((v) => isValidApkVersion(v))).toEqual([]);
    expect(isValidApkVersion('')).toBe(false);
  });

  it('orders the suffixes around a plain release', () => {
    const ascending = ['1.0_alpha', '1.0_beta', '1.0_pre', '1.0_rc', '1.0', '1.0-r1', '1.0_cvs', '1.0_svn', '1.0_git', '1.0_hg', '1.0_p1', '1.0a', '1.0.1'];
    for (let i = 1; i < ascending.length; i++) expect(compareApk(ascending[i - 1] as string, ascending[i] as string), `${ascending[i - 1]} < ${ascending[i]}`).toBe(-1);
  });
});
