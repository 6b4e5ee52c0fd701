import { describe, expect, it } from 'vitest';
import { describeTraffic, overlap, portRange, protocolOf, revokeCommand, worldOpenRanges } from './security-groups.js';
import { permission, securityGroup } from '../../checks/nodes/test-support/aws-fixtures.js';

describe('security group rules', () => {
  it('names protocols given as numbers or names', () => {
    expect(protocolOf(permission('-1', undefined, undefined, {}))).toBe('all');
    expect(protocolOf(permission('6', 22, 22, {}))).toBe('tcp');
    expect(protocolOf(permission('UDP', 53, 53, {}))).toBe('udp');
    expect(protocolOf(permission('50', undefined, undefined, {}))).toBe('50');
  });

  it('describes the traffic a rule admits', () => {
    expect(describeTraffic(permission('-1', undefined, undefined, {}))).toBe('all traffic');
    expect(describeTraffic(permission('tcp', 22, 22, {}))).toBe('TCP 22');
    expect(describeTraffic(permission('tcp', 0, 65535, {}))).toBe('all TCP ports');
    expect(describeTraffic(permission('udp', 30000, 32767, {}))).toBe('UDP 30000-32767');
    expect(describeTraffic(permission('icmp', -1, -1, {}))).toBe('ICMP');
    expect(describeTraffic(permission('50', undefined, undefined, {}))).toBe('IP protocol 50');
  });

  it('computes the overlap with a port range per protocol', () => {
    expect(overlap(permission('tcp', 0, 65535, {}), 'tcp', 22, 22)).toEqual([22, 22]);
    expect(overlap(permission('-1', undefined, undefined, {}), 'udp', 30000, 32767)).toEqual([30000, 32767]);
    expect(overlap(permission('tcp', 31000, 40000, {}), 'tcp', 30000, 32767)).toEqual([31000, 32767]);
    expect(overlap(permission('tcp', 443, 443, {}), 'tcp', 30000, 32767)).toBeUndefined();
    expect(overlap(permission('udp', 22, 22, {}), 'tcp', 22, 22)).toBeUndefined();
    expect(portRange(permission('tcp', undefined, undefined, {}))).toEqual([0, 65535]);
  });

  it('finds IPv4 and IPv6 world ranges with their paths, not narrower ones', () => {
    const group = securityGroup('sg-1', [
      permission('tcp', 443, 443, { v4: ['10.0.0.0/8', '0.0.0.0/0'] }),
      permission('tcp', 22, 22, { v6: ['::/0'], groups: ['sg-2'] }),
    ]);
    const ranges = worldOpenRanges(group);
    expect(ranges.map((range) => [range.cidr, range.path.join('.')])).toEqual([
      ['0.0.0.0/0', 'IpPermissions.0.IpRanges.1.CidrIp'],
      ['::/0', 'IpPermissions.1.Ipv6Ranges.0.CidrIpv6'],
    ]);
    expect(revokeCommand(group, ranges[1]!)).toBe(
      "aws ec2 revoke-security-group-ingress --group-id sg-1 --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{CidrIpv6=::/0}]'",
    );
  });
});
