import { describe, expect, it } from 'vitest';
import { formatAddress, publicAddressIn } from './public-address.js';

describe('publicAddressIn', () => {
  it('finds a public address in a block and outside its except list', () => {
    expect(publicAddressIn('0.0.0.0/0')).toBe('1.0.0.0');
    expect(publicAddressIn('0.0.0.0/0', ['0.0.0.0/1'])).toBe('128.0.0.0');
    expect(publicAddressIn('0.0.0.0/0', ['0.0.0.0/1', '128.0.0.0/1'])).toBeUndefined();
    expect(publicAddressIn('203.0.114.0/24', ['203.0.114.0/25'])).toBe('203.0.114.128');
  });

  it('finds none in private, shared, link-local or documentation ranges', () => {
    for (const cidr of ['10.0.0.0/8', '172.16.0.0/12', '192.168.1.0/24', '100.64.0.0/10', '169.254.169.254/32', '192.0.2.0/24']) {
      expect(publicAddressIn(cidr)).toBeUndefined();
    }
    expect(publicAddressIn('not-a-cidr')).toBeUndefined();
  });

  it('handles IPv6: only global unicast is public', () => {
    expect(publicAddressIn('::/0')).toBe('2000::');
    expect(publicAddressIn('fd00::/8')).toBeUndefined();
    expect(publicAddressIn('2001:db8::/32')).toBeUndefined();
    expect(publicAddressIn('::/0', ['2000::/3'])).toBeUndefined();
    expect(formatAddress(6, 1n)).toBe('::1');
  });
});
