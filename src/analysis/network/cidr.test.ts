import { describe, expect, it } from 'vitest';
import { cidrTextContains, isWholeInternet, parseCidr } from './cidr.js';

describe('cidr', () => {
  it('parses IPv4 and IPv6 with and without prefix', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual({ family: 4, network: 10n << 24n, prefix: 8 });
    expect(parseCidr('169.254.169.254')?.prefix).toBe(32);
    expect(parseCidr('fd00::/8')?.family).toBe(6);
    expect(parseCidr('::/0')?.prefix).toBe(0);
    expect(parseCidr('::ffff:10.0.0.1')?.network).toBe((0xffffn << 32n) | (10n << 24n) | 1n);
  });

  it('rejects malformed input', () => {
    for (const bad of ['10.0.0.256/8', '10.0.0/8', '10.0.0.0/33', 'fd00::1::2', 'zz::/8', '10.0.0.0/x', '']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it('tests containment', () => {
    expect(cidrTextContains('0.0.0.0/0', '169.254.169.254')).toBe(true);
    expect(cidrTextContains('169.254.0.0/16', '169.254.169.254')).toBe(true);
    expect(cidrTextContains('169.254.169.254/32', '169.254.169.254')).toBe(true);
    expect(cidrTextContains('10.0.0.0/8', '169.254.169.254')).toBe(false);
    expect(cidrTextContains('::/0', '169.254.169.254')).toBe(false);
    expect(cidrTextContains('fd00:ec2::/32', 'fd00:ec2::254')).toBe(true);
    expect(cidrTextContains('not-a-cidr', '10.0.0.1')).toBe(false);
  });

  it('recognises the whole internet', () => {
    expect(isWholeInternet('0.0.0.0/0')).toBe(true);
    expect(isWholeInternet('::/0')).toBe(true);
    expect(isWholeInternet('0.0.0.0/1')).toBe(false);
  });
});
