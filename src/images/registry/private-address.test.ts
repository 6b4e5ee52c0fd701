import { describe, expect, it } from 'vitest';
import { privateRegistryReason } from './private-address.js';

describe('privateRegistryReason', () => {
  it.each(['127.0.0.1:5000', '169.254.169.254', '[::1]:5000', '[fe80::1]', '10.1.2.3', 'localhost:5000', 'registry.localhost', '2130706433:80', '0x7f.1', '[::ffff:127.0.0.1]', '192.168.0.1', '172.31.0.1', '0.0.0.0', '[fd00::1]'])('refuses %s', (host) => {
    expect(privateRegistryReason(host)).toBeDefined();
  });

  it.each(['registry-1.docker.io', '1.2.3.4:5000', '[2001:db8::1]', 'public.ecr.aws', '172.32.0.1', '123456789012.dkr.ecr.eu-west-1.amazonaws.com'])('accepts %s', (host) => {
    expect(privateRegistryReason(host)).toBeUndefined();
  });
});
