import { describe, expect, it } from 'vitest';
import { peerSelectsAddress, peerSelectsPod, portsAllow, ruleAdmittingAddress } from './policy-peers.js';
import type { PodEndpoint } from './policy-model.js';

const endpoint: PodEndpoint = {
  namespace: 'shop',
  labels: { app: 'web' },
  namespaceLabels: { team: 'payments', 'kubernetes.io/metadata.name': 'shop' },
  serviceAccount: 'default',
  serviceAccountLabels: {},
};

describe('peerSelectsPod', () => {
  it('limits a bare podSelector to the policy namespace', () => {
    expect(peerSelectsPod({ podSelector: { matchLabels: { app: 'web' } } }, 'shop', endpoint)).toBe(true);
    expect(peerSelectsPod({ podSelector: {} }, 'tools', endpoint)).toBe(false);
  });

  it('matches namespaceSelector on namespace labels, including kubernetes.io/metadata.name', () => {
    expect(peerSelectsPod({ namespaceSelector: {} }, 'tools', endpoint)).toBe(true);
    expect(peerSelectsPod({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }, 'tools', endpoint)).toBe(true);
    expect(peerSelectsPod({ namespaceSelector: { matchLabels: { team: 'infra' } } }, 'shop', endpoint)).toBe(false);
    expect(
      peerSelectsPod({ namespaceSelector: { matchLabels: { team: 'payments' } }, podSelector: { matchLabels: { app: 'db' } } }, 'tools', endpoint),
    ).toBe(false);
  });

  it('never selects pods with an ipBlock or an empty peer', () => {
    expect(peerSelectsPod({ ipBlock: { cidr: '0.0.0.0/0' } }, 'shop', endpoint)).toBe(false);
    expect(peerSelectsPod({}, 'shop', endpoint)).toBe(false);
  });
});

describe('peerSelectsAddress and ports', () => {
  it('honours ipBlock except', () => {
    const peer = { ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } };
    expect(peerSelectsAddress(peer, '169.254.169.254')).toBe(false);
    expect(peerSelectsAddress(peer, '8.8.8.8')).toBe(true);
    expect(peerSelectsAddress({ podSelector: {} }, '8.8.8.8')).toBe(false);
  });

  it('matches protocol, port ranges and ignores named ports for addresses', () => {
    expect(portsAllow(undefined, 80, 'TCP')).toBe(true);
    expect(portsAllow([{ port: 80 }], 80, 'TCP')).toBe(true);
    expect(portsAllow([{ port: 80, protocol: 'UDP' }], 80, 'TCP')).toBe(false);
    expect(portsAllow([{ port: 1, endPort: 1024 }], 80, 'TCP')).toBe(true);
    expect(portsAllow([{ port: 'http' }], 80, 'TCP')).toBe(false);
    expect(portsAllow([{ protocol: 'TCP' }], 80, 'TCP')).toBe(true);
  });

  it('finds the rule and peer that admit an address', () => {
    const rules = [
      { to: [{ namespaceSelector: {} }] },
      { to: [{ podSelector: {} }, { ipBlock: { cidr: '169.254.0.0/16' } }], ports: [{ port: 80 }] },
    ];
    expect(ruleAdmittingAddress(rules, 'to', '169.254.169.254', 80, 'TCP', ['spec', 'egress'])).toEqual(['spec', 'egress', 1, 'to', 1]);
    expect(ruleAdmittingAddress(rules, 'to', '169.254.169.254', 443, 'TCP', ['spec', 'egress'])).toBeUndefined();
    expect(ruleAdmittingAddress([{ ports: [{ port: 53, protocol: 'UDP' }] }], 'to', '1.1.1.1', 53, 'UDP', ['x'])).toEqual(['x', 0]);
  });
});
