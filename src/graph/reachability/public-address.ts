/**
 * Whether an `ipBlock` (CIDR minus its `except` list) holds any public Internet address, and
 * one such address for evidence. Private, shared, loopback, link-local, documentation,
 * multicast and reserved ranges are not the Internet: a block of only those admits no one
 * from outside the cluster's networks.
 */
import { parseCidr, type Cidr } from '../../analysis/network/cidr.js';

/** An inclusive range of addresses of one family. */
export type Interval = readonly [bigint, bigint];

const NOT_PUBLIC_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
];

/** Global unicast is 2000::/3; everything else (ULA, link-local, multicast, mapped v4) is not. */
const PUBLIC_V6 = '2000::/3';
const NOT_PUBLIC_V6 = ['2001:db8::/32'];

function widthOf(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

export function intervalOf(cidr: Cidr): Interval {
  const hostBits = BigInt(widthOf(cidr.family) - cidr.prefix);
  return [cidr.network, cidr.network + (1n << hostBits) - 1n];
}

function parsedInterval(text: string): Interval {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`bad built-in range ${text}`);
  return intervalOf(cidr);
}

const V4_HOLES = NOT_PUBLIC_V4.map(parsedInterval);
const V6_UNIVERSE = parsedInterval(PUBLIC_V6);
const V6_HOLES = NOT_PUBLIC_V6.map(parsedInterval);

/** The parts of `intervals` outside `hole`. */
export function subtract(intervals: readonly Interval[], hole: Interval): Interval[] {
  const out: Interval[] = [];
  for (const [lo, hi] of intervals) {
    if (hole[1] < lo || hole[0] > hi) {
      out.push([lo, hi]);
      continue;
    }
    if (hole[0] > lo) out.push([lo, hole[0] - 1n]);
    if (hole[1] < hi) out.push([hole[1] + 1n, hi]);
  }
  return out;
}

export function formatAddress(family: 4 | 6, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  // Compress the longest run of zero groups, as addresses are usually written.
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < groups.length; ) {
    if (groups[start] !== '0') {
      start++;
      continue;
    }
    let end = start;
    while (end < groups.length && groups[end] === '0') end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

/**
 * A public address inside `cidr` and outside every `except` entry, or undefined when there is
 * none (or the CIDR is malformed). Malformed `except` entries exclude nothing.
 */
export function publicAddressIn(cidr: string, except: readonly unknown[] = []): string | undefined {
  const block = parseCidr(cidr);
  if (!block) return undefined;
  const [lo, hi] = intervalOf(block);
  let remaining: Interval[];
  if (block.family === 4) {
    remaining = [[lo, hi]];
    for (const hole of V4_HOLES) remaining = subtract(remaining, hole);
  } else {
    const from = lo > V6_UNIVERSE[0] ? lo : V6_UNIVERSE[0];
    const to = hi < V6_UNIVERSE[1] ? hi : V6_UNIVERSE[1];
    remaining = from <= to ? [[from, to]] : [];
    for (const hole of V6_HOLES) remaining = subtract(remaining, hole);
  }
  for (const entry of except) {
    const excluded = typeof entry === 'string' ? parseCidr(entry) : undefined;
    if (excluded && excluded.family === block.family) remaining = subtract(remaining, intervalOf(excluded));
  }
  const first = remaining[0];
  return first ? formatAddress(block.family, first[0]) : undefined;
}
