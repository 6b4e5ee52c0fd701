import { describe, expect, it } from 'vitest';
import { parseIpAddress, parseIpRange } from './ip-address.js';

describe('parseIpAddress', () => {
  it('reads IPv4 as a number', () => {
    expect(parseIpAddress('198.51.100.7')).toEqual({ family: 4, value: 198 * 2 ** 24 + 51 * 2 ** 16 + 100 * 256 + 7 });
    expect(parseIpAddress('0.0.0.0')).toEqual({ family: 4, value: 0 });
    expect(parseIpAddress('255.255.255.255')).toEqual({ family: 4, value: 2 ** 32 - 1 });
  });

  it('reads IPv6 in every spelling as the same value', () => {
    const full = parseIpAddress('2001:0db8:0000:0000:0000:0000:0000:0001');
    expect(full).toEqual({ family: 6, value: (0x20010db8n << 96n) | 1n });
    expect(parseIpAddress('2001:db8::1')).toEqual(full);
    expect(parseIpAddress('2001:DB8:0:0:0:0:0:1')).toEqual(full);
    expect(parseIpAddress('::')).toEqual({ family: 6, value: 0n });
    expect(parseIpAddress('::1')).toEqual({ family: 6, value: 1n });
    expect(parseIpAddress('fe80::')).toEqual({ family: 6, value: 0xfe80n << 112n });
    expect(parseIpAddress('64:ff9b::192.0.2.33')).toEqual({ family: 6, value: (0x64ff9bn << 96n) | 0xc0000221n });
  });

  it('looks IPv4-mapped IPv6 addresses up as IPv4', () => {
    expect(parseIpAddress('::ffff:198.51.100.7')).toEqual(parseIpAddress('198.51.100.7'));
    expect(parseIpAddress('::ffff:c633:6407')).toEqual(parseIpAddress('198.51.100.7'));
  });

  it('refuses what is not an address', () => {
    for (const text of ['', 'eks.amazonaws.com', 'AWS Internal', '256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', ' 1.2.3.4', '2001:db8::1::2', '2001:db8:1:2:3:4:5:6:7', 'fe80::1%eth0', '1:2:3:4:5:6:7::8:9', '::ffff:1.2.3.256', 'gggg::1']) {
      expect(parseIpAddress(text), text).toBeUndefined();
    }
  });
});

describe('parseIpRange', () => {
  it('reads single addresses and CIDR blocks', () => {
    expect(parseIpRange('192.0.2.7')).toEqual({ family: 4, first: 3221225991, last: 3221225991 });
    expect(parseIpRange('198.51.100.0/24')).toMatchObject({ first: 3325256704, last: 3325256959 });
    expect(parseIpRange('0.0.0.0/0')).toEqual({ family: 4, first: 0, last: 2 ** 32 - 1 });
    expect(parseIpRange('2001:db8::/32')).toEqual({ family: 6, first: 0x20010db8n << 96n, last: (0x20010db8n << 96n) | ((1n << 96n) - 1n) });
    expect(parseIpRange('::/0')).toEqual({ family: 6, first: 0n, last: (1n << 128n) - 1n });
  });

  it('clears host bits below the prefix', () => {
    expect(parseIpRange('198.51.100.77/24')).toEqual(parseIpRange('198.51.100.0/24'));
    expect(parseIpRange('2001:db8::ff/120')).toEqual(parseIpRange('2001:db8::/120'));
  });

  it('stores mapped IPv4 blocks as IPv4', () => {
    expect(parseIpRange('::ffff:198.51.100.0/120')).toEqual(parseIpRange('198.51.100.0/24'));
  });

  it('says what is wrong', () => {
    expect(parseIpRange('198.51.100.0/33')).toBe('bad prefix length "/33" (0-32 for IPv4)');
    expect(parseIpRange('2001:db8::/129')).toBe('bad prefix length "/129" (0-128 for IPv6)');
    expect(parseIpRange('10.0.0.0/')).toBe('bad prefix length "/" (0-32 for IPv4)');
    expect(parseIpRange('10.0.0.0/8/8')).toMatch(/bad prefix length/);
    expect(parseIpRange('tor-exit.example')).toBe('not an IPv4 or IPv6 address or CIDR: "tor-exit.example"');
  });
});
