import { describe, expect, it } from 'vitest';
import { coversAllIpv4, isWorldCidr } from './public-access.js';

describe('isWorldCidr', () => {
  it('recognises /0 in any spelling', () => {
    for (const cidr of ['0.0.0.0/0', '::/0', '0::0/0', ' 0.0.0.0/00 ']) expect(isWorldCidr(cidr), cidr).toBe(true);
    for (const cidr of ['0.0.0.0/1', '10.0.0.0/8', '::/1', 'any']) expect(isWorldCidr(cidr), cidr).toBe(false);
  });
});

describe('coversAllIpv4', () => {
  it('sees blocks that together cover every address', () => {
    expect(coversAllIpv4(['0.0.0.0/1', '128.0.0.0/1'])).toBe(true);
    expect(coversAllIpv4(['128.0.0.0/2', '0.0.0.0/1', '192.0.0.0/2'])).toBe(true);
    expect(coversAllIpv4(['0.0.0.0/0'])).toBe(true);
  });

  it('finds the gap', () => {
    expect(coversAllIpv4(['0.0.0.0/1', '192.0.0.0/2'])).toBe(false);
    expect(coversAllIpv4(['203.0.113.0/24'])).toBe(false);
    expect(coversAllIpv4([])).toBe(false);
    expect(coversAllIpv4(['::/1', '8000::/1'])).toBe(false);
  });

  it('normalises host bits to the block start', () => {
    expect(coversAllIpv4(['10.1.2.3/1', '200.0.0.1/1'])).toBe(true);
  });
});
