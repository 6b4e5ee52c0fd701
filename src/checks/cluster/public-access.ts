/**
 * Which `publicAccessCidrs` open the public API endpoint to the whole internet: a /0 of either
 * family, or IPv4 blocks that together cover every address (`0.0.0.0/1` + `128.0.0.0/1`).
 */

const IPV4_SPACE = 2 ** 32;

function ipv4Range(cidr: string): [number, number] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) return undefined;
  const address = octets.reduce((value, octet) => value * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(address / size) * size;
  return [start, start + size];
}

/** A CIDR with prefix length 0, in any spelling (`0.0.0.0/0`, `::/0`, `0::0/0`). */
export function isWorldCidr(cidr: string): boolean {
  return /^[0-9a-f:.]+\/0+$/i.test(cidr.trim());
}

/** Whether IPv4 CIDRs together cover the whole address space. */
export function coversAllIpv4(cidrs: readonly string[]): boolean {
  const ranges = cidrs
    .map(ipv4Range)
    .filter((range): range is [number, number] => range !== undefined)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  for (const [start, end] of ranges) {
    if (start > covered) return false;
    covered = Math.max(covered, end);
    if (covered >= IPV4_SPACE) return true;
  }
  return covered >= IPV4_SPACE;
}
