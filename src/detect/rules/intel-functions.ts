/**
 * IP functions of rule conditions and output templates, bound to the user's threat-intel lists:
 *
 * - `intel_lists(ip)` → names of the lists holding the address (a string, or a list such as an
 *   audit event's `sourceIPs`: the union). Empty without lists, so intel rules stay silent.
 * - `is_public_ip(ip)` → whether a string is an IP address outside the private, loopback,
 *   link-local, shared (100.64/10), multicast and unspecified ranges. CloudTrail writes a service
 *   name ("eks.amazonaws.com") or "AWS Internal" instead of an address for calls AWS makes: false.
 *
 * Output templates may use `{intel_lists(event.sourceIPAddress)}` to name the matching lists.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { IntelIndex, parseIpRange, type IpRange } from '../intel/index.js';
import type { TemplateFunctions } from './field-path.js';

const NOT_PUBLIC = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/3', // multicast and reserved
  '::/127', // unspecified, loopback
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
];
const NOT_PUBLIC_INDEX = IntelIndex.build([{ name: 'not-public', ranges: NOT_PUBLIC.map((cidr) => parseIpRange(cidr) as IpRange) }]);

function addresses(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function isPublicIp(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const range = parseIpRange(value.trim());
  return typeof range !== 'string' && !value.includes('/') && NOT_PUBLIC_INDEX.listsOf(value).length === 0;
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
