import { describe, expect, it } from 'vitest';
import { evaluateAffected } from './affected.js';
import type { OsvAffected, OsvEvent } from './osv-record.js';

const entry = (ecosystem: string, events: OsvEvent[], type: 'ECOSYSTEM' | 'SEMVER' = 'ECOSYSTEM', versions: string[] = []): OsvAffected => ({
  package: { ecosystem, name: 'p' },
  ranges: [{ type, events }],
  versions,
  severity: [],
});

describe('evaluateAffected', () => {
  it('treats introduced "0" as before everything and fixed as exclusive', () => {
    const a = entry('Debian:12', [{ introduced: '0' }, { fixed: '1:2.0-1' }]);
    expect(evaluateAffected('1.9-1', a)).toEqual({ affected: true, fixed: ['1:2.0-1'] });
    expect(evaluateAffected('1:1.9-1', a).affected).toBe(true);
    expect(evaluateAffected('1:2.0-1', a).affected).toBe(false);
  });

  it('treats last_affected as inclusive', () => {
    const a = entry('PyPI', [{ introduced: '1.0' }, { last_affected: '1.4.post1' }]);
    expect(evaluateAffected('1.4.post1', a).affected).toBe(true);
    expect(evaluateAffected('1.4.post2', a).affected).toBe(false);
    expect(evaluateAffected('1.0rc1', a).affected).toBe(false);
  });

  it('sorts events itself, whatever order the record lists them in', () => {
    const a = entry('Alpine:v3.19', [{ fixed: '2.0-r0' }, { introduced: '1.5-r0' }, { fixed: '1.2-r3' }, { introduced: '0' }]);
    expect(evaluateAffected('1.1-r0', a)).toEqual({ affected: true, fixed: ['1.2-r3'] });
    expect(evaluateAffected('1.3-r0', a).affected).toBe(false);
    expect(evaluateAffected('1.9_rc1-r0', a)).toEqual({ affected: true, fixed: ['2.0-r0'] });
  });

  it('applies limit events: below one of them, "*" meaning none', () => {
    expect(evaluateAffected('3.0.0', entry('npm', [{ introduced: '1.0.0' }, { limit: '2.0.0' }], 'SEMVER')).affected).toBe(false);
    expect(evaluateAffected('1.5.0', entry('npm', [{ introduced: '1.0.0' }, { limit: '2.0.0' }], 'SEMVER')).affected).toBe(true);
    expect(evaluateAffected('9.0.0', entry('npm', [{ introduced: '1.0.0' }, { limit: '*' }], 'SEMVER')).affected).toBe(true);
  });

  it('matches versions lists exactly and reports ranges it cannot order', () => {
    expect(evaluateAffected('2.0', entry('Hackage', [{ introduced: '0' }], 'ECOSYSTEM', ['2.0'])).affected).toBe(true);
    const verdict = evaluateAffected('not-a-version', entry('npm', [{ introduced: '0' }, { fixed: '1.0.0' }], 'SEMVER'));
    expect(verdict.affected).toBe(false);
    expect(verdict.unevaluated).toContain('not-a-version');
    expect(evaluateAffected('1.0', entry('Hackage', [{ introduced: '0' }])).unevaluated).toContain('no version ordering');
  });

  it('gives overlapping ranges one fix: the highest of the ranges the version is in', () => {
    const a: OsvAffected = {
      package: { ecosystem: 'PyPI', name: 'p' },
      ranges: [
        { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0' }] },
        { type: 'ECOSYSTEM', events: [{ introduced: '1.0' }, { fixed: '1.8' }] },
      ],
      versions: [],
      severity: [],
    };
    expect(evaluateAffected('1.5', a)).toEqual({ affected: true, fixed: ['2.0'] });
    expect(evaluateAffected('0.5', a)).toEqual({ affected: true, fixed: ['2.0'] });
    // A range the version is in without a fix leaves it with none.
    a.ranges.push({ type: 'ECOSYSTEM', events: [{ introduced: '1.2' }] });
    expect(evaluateAffected('1.5', a)).toEqual({ affected: true, fixed: [] });
  });
});
