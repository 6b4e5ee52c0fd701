/** IPv4/IPv6 CIDR arithmetic for NetworkPolicy `ipBlock`s and load balancer source ranges. */

export interface Cidr {
  family: 4 | 6;
  network: bigint;
  prefix: number;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  let address = text;
  // An embedded IPv4 tail (::ffff:10.0.0.1) stands for the last two groups.
  if (address.includes('.')) {
    const lastColon = address.lastIndexOf(':');
    const v4 = parseIpv4(address.slice(lastColon + 1));
    if (lastColon < 0 || v4 === undefined) return undefined;
    address = `${address.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = halves.length === 1 ? left : [...left, ...Array<string>(missing).fill('0'), ...right];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** An address (`10.0.0.1`, `fd00::1`) or a CIDR (`10.0.0.0/8`); undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const address = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const prefixText = slash < 0 ? undefined : trimmed.slice(slash + 1);
  const family: 4 | 6 = address.includes(':') ? 6 : 4;
  const value = family === 4 ? parseIpv4(address) : parseIpv6(address);
  if (value === undefined) return undefined;
  const width = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (prefix > width) return undefined;
  const hostBits = BigInt(width - prefix);
  return { family, network: (value >> hostBits) << hostBits, prefix };
}

/** Whether `outer` contains every address of `inner` (same family). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  const width = outer.family === 4 ? 32 : 128;
  const hostBits = BigInt(width - outer.prefix);
  return inner.network >> hostBits === outer.network >> hostBits;
}

/** Whether a CIDR text contains an address text; malformed input contains nothing. */
export function cidrTextContains(cidr: string, address: string): boolean {
  const outer = parseCidr(cidr);
  const inner = parseCidr(address);
  return outer !== undefined && inner !== undefined && cidrContains(outer, inner);
}

/** `0.0.0.0/0` or `::/0`: every address of a family. */
export function isWholeInternet(cidr: string): boolean {
  const parsed = parseCidr(cidr);
  return parsed !== undefined && parsed.prefix === 0;
}
