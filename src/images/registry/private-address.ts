/**
 * Registry hosts that name this machine or its private network. Pods choose their image
 * references, and the webhook reads whatever registry they name from inside the cluster: a
 * reference to the instance metadata endpoint or an internal service is a request forgery
 * unless the operator runs such a registry on purpose.
 */
import { BlockList, isIP } from 'node:net';

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/**
 * Why `registry` (host[:port], as in an image reference) is private — loopback, link-local,
 * private or unspecified address, or `localhost` — or undefined for a public name or address.
 * The host is read as `fetch` will read it, so `2130706433` or `0x7f.1` count as 127.0.0.1.
 * A DNS name that resolves to a private address is not caught here.
 */
export function privateRegistryReason(registry: string): string | undefined {
  let host: string;
  try {
    host = new URL(`http://${registry}`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return 'not a valid host';
  }
  const lower = host.toLowerCase().replace(/\.$/, '');
  if (lower === 'localhost' || lower.endsWith('.localhost')) return 'it names localhost';
  const family = isIP(lower);
  if (family === 0) return undefined;
  return PRIVATE.check(lower, family === 4 ? 'ipv4' : 'ipv6') ? 'it is a loopback, link-local or private address' : undefined;
}
