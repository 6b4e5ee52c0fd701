import { describe, expect, it } from 'vitest';
import { compareDebian, compareSemver, ecosystemComparator } from './index.js';

describe('ecosystemComparator', () => {
  it('picks the ordering by ecosystem, release suffix ignored', () => {
    expect(ecosystemComparator('Debian:12')).toBe(compareDebian);
    expect(ecosystemComparator('Alpine:v3.19')?.('1.2.3-r0', '1.2.3_rc1-r0')).toBe(1);
    expect(ecosystemComparator('Red Hat:enterprise_linux:9::baseos')?.('1.0-1.el9', '1.0-1.el9_1')).toBe(-1);
    expect(ecosystemComparator('PyPI')?.('1.0rc1', '1.0')).toBe(-1);
    expect(ecosystemComparator('Maven')?.('1.0-SNAPSHOT', '1.0')).toBe(-1);
    expect(ecosystemComparator('GitHub Actions')).toBeUndefined();
  });

  it('orders SemVer with Go v prefixes, pre-releases before releases and build metadata ignored', () => {
    expect(compareSemver('v1.2.3', '1.2.3')).toBe(0);
    expect(compareSemver('1.0.0-alpha', '1.0.0-alpha.1')).toBe(-1);
    expect(compareSemver('1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(compareSemver('1.0.0+build.5', '1.0.0')).toBe(0);
    expect(compareSemver('v0.0.0-20230101000000-abcdefabcdef', '0.1.0')).toBe(-1);
    expect(compareSemver('not semver', '1.0.0')).toBeUndefined();
  });
});
