/**
 * IP functions of rule conditions and output templates, bound to the user's threat-intel lists:
 *
 * - `intel_lists(ip)` → names of the lists holding the address (a string, or a list such as an
 *   audit event's `sourceIPs`: the union). Empty without lists, so intel rules stay silent.
 * - `is_public_ip(ip)` → whether a string is an IP address a request from the Internet can
 *   carry: not private, loopback, link-local, shared (100.64/10), multicast, unspecified, reserved
 *   or broadcast, nor one of the IANA special-purpose blocks that are not globally reachable
 *   (192.0.0.0/24, benchmarking, discard-only, local-use NAT64, SRv6). A NAT64 address
 *   (64:ff9b::/96) is judged by the IPv4 address it carries, an IPv4-mapped one likewise.
 *   CloudTrail writes a service name ("eks.amazonaws.com") or "AWS Internal" instead of an
 *   address for calls AWS makes: false.
 *   The documentation blocks (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) count
 *   as public on purpose: they never occur as real sources, and examples and rule tests use them
 *   as stand-ins for "some Internet address", as RFC 5737 and RFC 3849 intend.
 *
 * Output templates may use `{intel_lists(event.sourceIPAddress)}` to name the matching lists.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { IntelIndex, parseIpAddress, parseIpRange, type IpRange } from '../intel/index.js';
import type { TemplateFunctions } from './field-path.js';

/** From the IANA IPv4 and IPv6 special-purpose address registries, plus multicast. */
const NOT_PUBLIC = [
  '0.0.0.0/8', // "this network"
  '10.0.0.0/8',
  '100.64.0.0/10', // shared address space (carrier-grade NAT)
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24', // IETF protocol assignments
  '192.168.0.0/16',
  '198.18.0.0/15', // benchmarking
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, and 255.255.255.255 limited broadcast
  '::/127', // unspecified, loopback
  '64:ff9b:1::/48', // local-use IPv4/IPv6 translation
  '100::/64', // discard-only
  '2001:2::/48', // benchmarking
  '5f00::/16', // SRv6 segment identifiers
  'fc00::/7', // unique local
  'fe80::/10', // link-local
  'ff00::/8', // multicast
];
const NOT_PUBLIC_INDEX = IntelIndex.build([{ name: 'not-public', ranges: NOT_PUBLIC.map((cidr) => parseIpRange(cidr) as IpRange) }]);

function addresses(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** 64:ff9b::/96, the well-known NAT64 prefix: its last 32 bits are an IPv4 address. */
const NAT64_PREFIX = 0x64ff9bn << 96n;

function ipv4Text(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

export function isPublicIp(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const address = parseIpAddress(value.trim());
  if (!address) return false;
  const judged = address.family === 6 && address.value >> 32n === NAT64_PREFIX >> 32n ? ipv4Text(Number(address.value & 0xffffffffn)) : value;
  return NOT_PUBLIC_INDEX.listsOf(judged).length === 0;
}

/** The functions as plain JavaScript, by name (CEL and the condition guard call the same code). */
export function intelFunctions(intel: IntelIndex): ReadonlyMap<string, (value: unknown) => unknown> {
  return new Map<string, (value: unknown) => unknown>([
    ['intel_lists', (value: unknown) => [...intel.listsOfAny(addresses(value))]],
    ['is_public_ip', (value: unknown) => isPublicIp(value)],
  ]);
}

/** A copy of `base` with the functions registered (`base` may be shared; it is not changed). */
export function withIntelFunctions(base: Environment, intel: IntelIndex): Environment {
  const functions = intelFunctions(intel);
  return base
    .clone()
    .registerFunction('intel_lists(dyn): list<string>', functions.get('intel_lists') as (value: unknown) => string[])
    .registerFunction('is_public_ip(dyn): bool', functions.get('is_public_ip') as (value: unknown) => boolean);
}

/** The same lookups for output templates. */
export function intelTemplateFunctions(intel: IntelIndex): TemplateFunctions {
  return new Map([['intel_lists', (value: unknown) => [...intel.listsOfAny(addresses(value))]]]);
}
