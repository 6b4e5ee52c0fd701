import { describe, expect, it } from 'vitest';
import { compareRpm, rpmvercmp } from './rpm.js';

// Pairs from rpm's own test suite (tests/rpmvercmp.at) and the tilde/caret rules of the RPM
// packaging guidelines: [a, b, expected sign].
const PAIRS: Array<[string, string, number]> = [
  ['1.0', '1.0', 0],
  ['1.0', '2.0', -1],
  ['2.0.1', '2.0.1', 0],
  ['2.0', '2.0.1', -1],
  ['2.0.1a', '2.0.1a', 0],
  ['2.0.1a', '2.0.1', 1],
  ['5.5p1', '5.5p2', -1],
  ['5.5p10', '5.5p1', 1],
  ['10xyz', '10.1xyz', -1],
  ['xyz10', 'xyz10.1', -1],
  ['xyz.4', '8', -1],
  ['xyz.4', '2', -1],
  ['5.5p2', '5.6p1', -1],
  ['5.6p1', '6.5p1', -1],
  ['6.0.rc1', '6.0', 1],
  ['10b2', '10a1', 1],
  ['1.0aa', '1.0a', 1],
  ['10.0001', '10.1', 0],
  ['10.0001', '10.0039', -1],
  ['4.999.9', '5.0', -1],
  ['20101121', '20101122', -1],
  ['2_0', '2_0', 0],
  ['2.0', '2_0', 0],
  ['a', 'a', 0],
  ['a+', 'a_', 0],
  ['+', '_', 0],
  ['1.0~rc1', '1.0~rc1', 0],
  ['1.0~rc1', '1.0', -1],
  ['1.0~rc1', '1.0~rc2', -1],
  ['1.0~rc1~git123', '1.0~rc1', -1],
  ['1.0^', '1.0', 1],
  ['1.0^git1', '1.0', 1],
  ['1.0^git1', '1.01', -1],
  ['1.0^git1', '1.0^git2', -1],
  ['1.0^git1', '1.0.1', -1],
  ['1.0^git1~pre', '1.0^git1', -1],
  ['1.0~rc1^git1', '1.0~rc1', 1],
  ['1.0^git1~pre', '1.0^git1', -1],
];

describe('rpmvercmp', () => {
  it.each(PAIRS)('%s vs %s', (a, b, expected) => {
    expect(Math.sign(rpmvercmp(a, b)) || 0).toBe(expected);
    expect(Math.sign(rpmvercmp(b, a)) || 0).toBe(-expected || 0);
  });

  it('compares epoch, then version, then release', () => {
    expect(compareRpm('1:1.0-1', '2.0-1')).toBe(1);
    expect(compareRpm('0:1.0-1', '1.0-1')).toBe(0);
    expect(compareRpm('3.2.5-13.el9', '3.2.5-13.el9_4.1')).toBe(-1);
    expect(compareRpm('1.1.1k-12.el8_9', '1.1.1k-7.el8_6')).toBe(1);
  });
});
