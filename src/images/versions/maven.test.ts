import { describe, expect, it } from 'vitest';
import { compareMaven } from './maven.js';

describe('compareMaven', () => {
  it('orders qualifiers as ComparableVersion documents them', () => {
    // The ordering Maven's ComparableVersion documentation and tests give for qualifiers.
    const ascending = [
      '1-alpha2',
      '1-alpha-123',
      '1-beta-2',
      '1-beta123',
      '1-m2',
      '1-m11',
      '1-rc',
      '1-cr2',
      '1-rc123',
      '1-SNAPSHOT',
      '1',
      '1-sp',
      '1-sp2',
      '1-sp123',
      '1-abc',
      '1-def',
      '1-pom-1',
      '1-1-snapshot',
      '1-1',
      '1-2',
      '1-123',
    ];
    for (let i = 1; i < ascending.length; i++) expect(compareMaven(ascending[i - 1] as string, ascending[i] as string), `${ascending[i - 1]} < ${ascending[i]}`).toBe(-1);
  });

  it('orders numbers and treats trailing nulls as absent', () => {
    const ascending = ['1', '1.1', '1.2', '1.10', '2', '2.0.1', '10'];
    for (let i = 1; i < ascending.length; i++) expect(compareMaven(ascending[i - 1] as string, ascending[i] as string)).toBe(-1);
    for (const v of ['1.0', '1.0.0', '1-0', '1-ga', '1-final', '1-release', '1.0-GA']) expect(compareMaven('1', v), v).toBe(0);
    expect(compareMaven('1a1', '1-alpha-1')).toBe(0);
    expect(compareMaven('2.12.7.1', '2.12.7')).toBe(1);
    expect(compareMaven('5.3.0.RELEASE', '5.3.0')).toBe(0);
  });
});
