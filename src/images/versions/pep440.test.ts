import { describe, expect, it } from 'vitest';
import { comparePep440, parsePep440 } from './pep440.js';

describe('comparePep440', () => {
  it('orders the example sequence of PEP 440 ("Summary of permitted suffixes and relative ordering")', () => {
    const ascending = [
      '1.dev0',
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.0.15',
      '1.1.dev1',
    ];
    for (let i = 1; i < ascending.length; i++) expect(comparePep440(ascending[i - 1] as string, ascending[i] as string), `${ascending[i - 1]} < ${ascending[i]}`).toBe(-1);
  });

  it('normalises spellings as the PEP describes', () => {
    const equal: Array<[string, string]> = [
      ['1.0', '1.0.0'],
      ['1.1a1', '1.1.alpha.1'],
      ['1.1rc1', '1.1c1'],
      ['1.1rc1', '1.1-pre-1'],
      ['1.0a', '1.0a0'],
      ['1.0.post1', '1.0-1'],
      ['1.0.post1', '1.0.rev1'],
      ['1.0.dev0', '1.0-dev'],
      ['v1.0', '1.0'],
      ['1.0+ubuntu-1', '1.0+ubuntu.1'],
      ['1.0RC1', '1.0rc1'],
    ];
    for (const [a, b] of equal) expect(comparePep440(a, b), `${a} == ${b}`).toBe(0);
  });

  it('orders epochs first and refuses legacy versions', () => {
    expect(comparePep440('1!1.0', '2.0')).toBe(1);
    expect(comparePep440('2013.10', '1!1.0')).toBe(-1);
    expect(parsePep440('french toast')).toBeUndefined();
    expect(comparePep440('1.0', 'not-a-version')).toBeUndefined();
  });
});
