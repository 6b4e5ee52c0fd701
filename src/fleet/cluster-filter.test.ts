import { describe, expect, it } from 'vitest';
import { clusterFilter, matchesGlob } from './cluster-filter.js';

describe('name globs', () => {
  it('match the whole name: * any run of characters (none too), ? exactly one, the rest literally', () => {
    expect(matchesGlob('*', '')).toBe(true);
    expect(matchesGlob('', '')).toBe(true);
    expect(matchesGlob('', 'a')).toBe(false);
    expect(matchesGlob('prod*', 'prod')).toBe(true);
    expect(matchesGlob('*-eu-*', 'pay-eu-1')).toBe(true);
    expect(matchesGlob('*-eu-*', 'pay-eu')).toBe(false);
    expect(matchesGlob('p*d*d', 'prodd')).toBe(true);
    expect(matchesGlob('p*d*d', 'prod')).toBe(false);
    expect(matchesGlob('a*b*c', 'aXbYbZc')).toBe(true);
    expect(matchesGlob('a*b?c', 'abbbXc')).toBe(true);
    expect(matchesGlob('a*b?c', 'abc')).toBe(false);
    expect(matchesGlob('??', 'ab')).toBe(true);
    expect(matchesGlob('??', 'a')).toBe(false);
    expect(matchesGlob('**x', 'x')).toBe(true);
    // No classes, no escapes: what a regex or a shell glob would read specially is a literal here.
    expect(matchesGlob('[ab]', 'a')).toBe(false);
    expect(matchesGlob('[ab]', '[ab]')).toBe(true);
    expect(matchesGlob('a\\*', 'a\\xyz')).toBe(true);
    expect(matchesGlob('a+', 'aa')).toBe(false);
    expect(matchesGlob('^a$', '^a$')).toBe(true);
  });

  it('answers a pattern that backtracks catastrophically as a regex, at once', () => {
    // As `^.*a.*a…c$` this took seconds (10 stars: over half a minute): the test would time out.
    const name = 'a'.repeat(40);
    expect(matchesGlob('*a*a*a*a*a*a*a*a*c', name)).toBe(false);
    expect(matchesGlob('*a*a*a*a*a*a*a*a*a*c', name)).toBe(false);
    expect(matchesGlob(`${'*a'.repeat(30)}*`, name)).toBe(true);
    expect(matchesGlob(`${'*a'.repeat(41)}*`, name)).toBe(false);
    const hostile = clusterFilter({ include: ['*a*a*a*a*a*a*a*a*a*a*c'], exclude: [], tags: {} });
    for (let n = 0; n < 100; n++) expect(hostile.byName(`${'a'.repeat(99)}${n % 10}`)).toBe(false);
  });
});
