/**
 * Security group rules open to the whole internet (DescribeSecurityGroups `IpPermissions`):
 * which ranges are `0.0.0.0/0` / `::/0`, what traffic they let in, and whether that covers a
 * port. `IpProtocol` is `-1` for all traffic (ports then absent), a name (`tcp`, `udp`,
 * `icmp`, `icmpv6`) or an IP protocol number.
 */
import type { EvidencePath } from '../../model/index.js';
import { isWholeInternet } from '../network/cidr.js';
import type { IpPermission, SecurityGroup } from './aws-resources.js';

const PROTOCOL_NUMBERS: Record<string, string> = { '-1': 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

export function protocolOf(rule: IpPermission): string {
  const raw = (rule.IpProtocol ?? '-1').toLowerCase();
  return PROTOCOL_NUMBERS[raw] ?? raw;
}

/** The port range of a TCP/UDP rule; a rule without ports (or all traffic) spans every port. */
export function portRange(rule: IpPermission): [number, number] {
  if (protocolOf(rule) === 'all') return [0, 65535];
  const from = rule.FromPort;
  const to = rule.ToPort;
  if (from === undefined || from < 0 || to === undefined || to < 0) return [0, 65535];
  return [from, to];
}

export function describeTraffic(rule: IpPermission): string {
  const protocol = protocolOf(rule);
  if (protocol === 'all') return 'all traffic';
  if (protocol === 'tcp' || protocol === 'udp') {
    const [from, to] = portRange(rule);
    if (from === 0 && to === 65535) return `all ${protocol.toUpperCase()} ports`;
    return `${protocol.toUpperCase()} ${from === to ? String(from) : `${from}-${to}`}`;
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') return protocol.toUpperCase();
  return `IP protocol ${protocol}`;
}

/** The part of `[from, to]` on `protocol` the rule lets in, if any. */
export function overlap(rule: IpPermission, protocol: 'tcp' | 'udp', from: number, to: number): [number, number] | undefined {
  const ruleProtocol = protocolOf(rule);
  if (ruleProtocol !== 'all' && ruleProtocol !== protocol) return undefined;
  const [ruleFrom, ruleTo] = portRange(rule);
  const low = Math.max(from, ruleFrom);
  const high = Math.min(to, ruleTo);
  return low <= high ? [low, high] : undefined;
}

export interface WorldRange {
  permissionIndex: number;
  rule: IpPermission;
  cidr: string;
  /** `IpPermissions[i].IpRanges[j].CidrIp` or `…Ipv6Ranges[j].CidrIpv6`. */
  path: EvidencePath;
}

/** Every inbound range of the group that is the whole IPv4 or IPv6 internet. */
export function worldOpenRanges(group: SecurityGroup): WorldRange[] {
  const found: WorldRange[] = [];
  (group.IpPermissions ?? []).forEach((rule, permissionIndex) => {
    (rule.IpRanges ?? []).forEach((range, index) => {
      if (range.CidrIp && isWholeInternet(range.CidrIp)) {
        found.push({ permissionIndex, rule, cidr: range.CidrIp, path: ['IpPermissions', permissionIndex, 'IpRanges', index, 'CidrIp'] });
      }
    });
    (rule.Ipv6Ranges ?? []).forEach((range, index) => {
      if (range.CidrIpv6 && isWholeInternet(range.CidrIpv6)) {
        found.push({ permissionIndex, rule, cidr: range.CidrIpv6, path: ['IpPermissions', permissionIndex, 'Ipv6Ranges', index, 'CidrIpv6'] });
      }
    });
  });
  return found;
}

export function groupLabel(group: SecurityGroup): string {
  const id = group.GroupId ?? '?';
  return group.GroupName && group.GroupName !== id ? `${id} (${group.GroupName})` : id;
}

/** The AWS CLI call that removes one world-open range, for fix descriptions. */
export function revokeCommand(group: SecurityGroup, range: WorldRange): string {
  const protocol = range.rule.IpProtocol ?? '-1';
  const [from, to] = portRange(range.rule);
  const ports = protocolOf(range.rule) === 'tcp' || protocolOf(range.rule) === 'udp' ? `,FromPort=${from},ToPort=${to}` : '';
  const ranges = range.cidr.includes(':') ? `Ipv6Ranges=[{CidrIpv6=${range.cidr}}]` : `IpRanges=[{CidrIp=${range.cidr}}]`;
  return `aws ec2 revoke-security-group-ingress --group-id ${group.GroupId ?? '?'} --ip-permissions 'IpProtocol=${protocol}${ports},${ranges}'`;
}
