/**
 * Which client ranges count as "the Internet", the same way NetworkPolicy reachability decides
 * it (reachability/public-address.ts): a load balancer whose source ranges hold no public
 * address (RFC 1918, carrier-grade NAT, loopback, link-local, documentation, IPv6 unique-local)
 * only serves networks connected to the VPC, so it is not an Internet entry point. A malformed
 * range admits nobody: the controller rejects it.
 */
import type { SecurityGroup } from '../../analysis/nodes/aws-resources.js';
import type { EvidencePath } from '../../model/index.js';
import { publicAddressIn } from '../reachability/public-address.js';

/** Whether a range (or address) holds any Internet address. */
export function isPublicRange(range: string): boolean {
  return publicAddressIn(range) !== undefined;
}

export function publicRanges(ranges: readonly string[]): string[] {
  return ranges.filter(isPublicRange);
}

export interface PublicRule {
  cidr: string;
  path: EvidencePath;
}

/** Inbound rules of a security group that admit some Internet address. */
export function publicInboundRules(group: SecurityGroup): PublicRule[] {
  const found: PublicRule[] = [];
  (group.IpPermissions ?? []).forEach((rule, permission) => {
    (rule.IpRanges ?? []).forEach((range, index) => {
      if (range.CidrIp && isPublicRange(range.CidrIp)) {
        found.push({ cidr: range.CidrIp, path: ['IpPermissions', permission, 'IpRanges', index, 'CidrIp'] });
      }
    });
    (rule.Ipv6Ranges ?? []).forEach((range, index) => {
      if (range.CidrIpv6 && isPublicRange(range.CidrIpv6)) {
        found.push({ cidr: range.CidrIpv6, path: ['IpPermissions', permission, 'Ipv6Ranges', index, 'CidrIpv6'] });
      }
    });
  });
  return found;
}
