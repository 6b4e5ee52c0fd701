import { describe, expect, it } from 'vitest';
import { PortSet, namedPortsOf, portEntrySet, rulePortSet } from './port-set.js';
import { deployment, inventory, workload } from './test-support/fixtures.js';

describe('PortSet', () => {
  it('merges, intersects and describes ranges per protocol', () => {
    const web = PortSet.range('TCP', 80).union(PortSet.range('TCP', 81, 90)).union(PortSet.range('UDP', 53));
    expect(web.describe()).toBe('TCP 80-90, UDP 53');
    expect(web.intersect(PortSet.range('TCP', 85, 100)).describe()).toBe('TCP 85-90');
    expect(web.intersect(PortSet.range('SCTP', 80)).isEmpty()).toBe(true);
    expect(PortSet.ALL.intersect(web)).toBe(web);
    expect(PortSet.ALL.describe()).toBe('any port');
    expect(PortSet.protocol('UDP').union(PortSet.range('TCP', 443)).describe()).toBe('TCP 443, every UDP port');
    expect(PortSet.range('TCP', 0).isEmpty()).toBe(true);
    expect(PortSet.range('TCP', 90, 80).isEmpty()).toBe(true);
  });

  it('reads rule ports: no list means every port, invalid entries admit nothing', () => {
    expect(rulePortSet(undefined).isAll()).toBe(true);
    expect(rulePortSet([]).isAll()).toBe(true);
    expect(rulePortSet([{ port: 80 }, { port: 8000, endPort: 8080, protocol: 'udp' }]).describe()).toBe('TCP 80, UDP 8000-8080');
    expect(portEntrySet({ protocol: 'ICMP' }).isEmpty()).toBe(true);
    expect(portEntrySet({ port: 80, endPort: 'x' }).isEmpty()).toBe(true);
    expect(portEntrySet('80').isEmpty()).toBe(true);
  });

  it('resolves named ports from containers and restartable init containers only', () => {
    const view = inventory(deployment('shop', 'api', { ports: [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] }));
    const named = namedPortsOf(workload(view, 'shop/api'));
    expect(portEntrySet({ port: 'http' }, named).describe()).toBe('TCP 8080');
    expect(portEntrySet({ port: 'dns', protocol: 'UDP' }, named).describe()).toBe('UDP 53');
    expect(portEntrySet({ port: 'dns' }, named).isEmpty()).toBe(true);
    expect(portEntrySet({ port: 'grpc' }, named).isEmpty()).toBe(true);
  });
});
