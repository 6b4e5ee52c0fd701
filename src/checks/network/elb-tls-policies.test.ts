import { describe, expect, it } from 'vitest';
import { acceptsLegacyTls, minimumTlsVersion } from './elb-tls-policies.js';

describe('minimumTlsVersion', () => {
  it.each([
    ['ELBSecurityPolicy-2016-08', '1.0'],
    ['ELBSecurityPolicy-TLS-1-0-2015-04', '1.0'],
    ['ELBSecurityPolicy-FS-2018-06', '1.0'],
    ['ELBSecurityPolicy-TLS13-1-0-2021-06', '1.0'],
    ['ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04', '1.0'],
    ['ELBSecurityPolicy-TLS-1-1-2017-01', '1.1'],
    ['ELBSecurityPolicy-FS-1-1-2019-08', '1.1'],
    ['ELBSecurityPolicy-TLS13-1-1-2021-06', '1.1'],
    ['ELBSecurityPolicy-TLS-1-2-2017-01', '1.2'],
    ['ELBSecurityPolicy-TLS-1-2-Ext-2018-06', '1.2'],
    ['ELBSecurityPolicy-FS-1-2-Res-2020-10', '1.2'],
    ['ELBSecurityPolicy-TLS13-1-2-2021-06', '1.2'],
    ['ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', '1.2'],
    ['ELBSecurityPolicy-TLS13-1-3-2021-06', '1.3'],
  ])('%s accepts TLS %s and up', (policy, version) => {
    expect(minimumTlsVersion(policy)).toBe(version);
  });

  it('does not guess unknown names', () => {
    expect(minimumTlsVersion('my-custom-policy')).toBeUndefined();
    expect(acceptsLegacyTls('my-custom-policy')).toBeUndefined();
    expect(acceptsLegacyTls('ELBSecurityPolicy-TLS13-1-1-2021-06')).toBe(true);
    expect(acceptsLegacyTls('ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06')).toBe(false);
  });
});
