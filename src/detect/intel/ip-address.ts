/**
 * IPv4 and IPv6 addresses and CIDR blocks as integer ranges, so list entries and looked-up
 * addresses compare as numbers. IPv4 fits a JS number; IPv6 needs a bigint.
 */
import { isIPv6 } from 'node:net';

export type IpRange = { family: 4; first: number; last: number } | { family: 6; first: bigint; last: bigint };

export type IpAddress = { family: 4; value: number } | { family: 6; value: bigint };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6_ALL = (1n << 128n) - 1n;
/** ::ffff:0:0/96 — IPv4 addresses written as IPv6 (dual-stack sockets report them so). */
const MAPPED_PREFIX = 0xffffn << 32n;
const MAPPED_LAST = MAPPED_PREFIX | 0xffffffffn;

function parseIpv4(text: string): number | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  let value = 0;
  for (const part of match.slice(1)) {
    // A leading zero is octal to some parsers and decimal to others: refuse the ambiguity.
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  // Zone ids (fe80::1%eth0) name an interface of one host; they are not list material.
  if (text.includes('%') || !isIPv6(text)) return undefined;
  let head = text;
  const lastColon = head.lastIndexOf(':');
  if (head.slice(lastColon + 1).includes('.')) {
    // An IPv4 tail (::ffff:192.0.2.1) is two groups written in dotted form.
    const v4 = parseIpv4(head.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    head = `${head.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const [left = '', right] = head.split('::');
  const groups = (side: string) => (side === '' ? [] : side.split(':').map((g) => parseInt(g, 16)));
  const leftGroups = groups(left);
  const rightGroups = right === undefined ? [] : groups(right);
  const missing = 8 - leftGroups.length - rightGroups.length;
  if (right === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...leftGroups, ...new Array<number>(right === undefined ? 0 : missing).fill(0), ...rightGroups];
  let value = 0n;
  for (const group of all) {
    if (!Number.isInteger(group) || group < 0 || group > 0xffff) return undefined;
    value = (value << 16n) | BigInt(group);
  }
  return value;
}

/** An address, with IPv4-mapped IPv6 addresses turned into IPv4; undefined if `text` is not one. */
export function parseIpAddress(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { family: 4, value: Number(v6 & 0xffffffffn) };
  return { family: 6, value: v6 };
}

/**
 * `192.0.2.7`, `198.51.100.0/24`, `2001:db8::/32` as a range, or why not. Bits set below the
 * prefix (`198.51.100.7/24`) are cleared: feeds write blocks that way and mean the block.
 */
export function parseIpRange(text: string): IpRange | string {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const address = parseIpv4(addressText) ?? parseIpv6(addressText);
  if (address === undefined) return `not an IPv4 or IPv6 address or CIDR: "${text}"`;
  const family = typeof address === 'number' ? 4 : 6;
  const bits = family === 4 ? 32 : 128;
  let prefix = bits;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return `bad prefix length "/${prefixText}" (0-${bits} for IPv${family})`;
    prefix = Number(prefixText);
  }
  if (typeof address === 'number') {
    const size = 2 ** (32 - prefix);
    const first = Math.floor(address / size) * size;
    return { family: 4, first, last: first + size - 1 };
  }
  const hostMask = (1n << BigInt(128 - prefix)) - 1n;
  const first = address & (IPV6_ALL ^ hostMask);
  // Mapped IPv4 blocks are looked up as IPv4, so store them so.
  if (prefix >= 96 && first >> 32n === 0xffffn) return { family: 4, first: Number(first - MAPPED_PREFIX), last: Number((first | hostMask) - MAPPED_PREFIX) };
  return { family: 6, first, last: first | hostMask };
}

/**
 * The IPv4 addresses an IPv6 range covers through their mapped form (`::/0` and `::ffff:0:0/95`
 * cover all of them), or undefined. IPv4 addresses are looked up as IPv4 however they are
 * written, so a list's IPv6 range must also be entered as this IPv4 range to match them.
 */
export function mappedIpv4Range(range: IpRange): Extract<IpRange, { family: 4 }> | undefined {
  if (range.family !== 6 || range.last < MAPPED_PREFIX || range.first > MAPPED_LAST) return undefined;
  const first = range.first > MAPPED_PREFIX ? range.first : MAPPED_PREFIX;
  const last = range.last < MAPPED_LAST ? range.last : MAPPED_LAST;
  return { family: 4, first: Number(first - MAPPED_PREFIX), last: Number(last - MAPPED_PREFIX) };
}
