import { describe, expect, it } from 'vitest';
import { formatMinor, minorLag, parseMinor, supportedKubeletLag } from './kubernetes-version.js';

describe('kubernetes versions', () => {
  it('parses EKS and kubelet spellings', () => {
    expect(parseMinor('1.31')).toEqual({ major: 1, minor: 31 });
    expect(parseMinor('v1.29.10-eks-94953ac')).toEqual({ major: 1, minor: 29 });
    expect(parseMinor('latest')).toBeUndefined();
    expect(parseMinor(undefined)).toBeUndefined();
    expect(formatMinor({ major: 1, minor: 30 })).toBe('1.30');
  });

  it('measures lag and the supported window', () => {
    expect(minorLag({ major: 1, minor: 31 }, { major: 1, minor: 29 })).toBe(2);
    expect(minorLag({ major: 1, minor: 31 }, { major: 1, minor: 32 })).toBe(-1);
    expect(supportedKubeletLag({ major: 1, minor: 28 })).toBe(3);
    expect(supportedKubeletLag({ major: 1, minor: 27 })).toBe(2);
  });
});
