/**
 * Sets of (protocol, port) as sorted, merged ranges per protocol, and what a NetworkPolicy
 * rule's `ports` list lets through on one destination pod. A rule admits a connection on a
 * port, so "ingress and egress both allow" is the intersection of their port sets.
 */
import type { Workload } from '../../inventory/index.js';
import { isRecord } from '../../inventory/index.js';

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

const MIN_PORT = 1;
const MAX_PORT = 65535;

type Range = readonly [number, number];
type Ranges = readonly Range[];

function normalize(ranges: Range[]): Ranges {
  if (ranges.length < 2) return ranges;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [lo, hi] of sorted) {
    const last = merged[merged.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}

function intersectRanges(a: Ranges, b: Ranges): Ranges {
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aLo, aHi] = a[i] as Range;
    const [bLo, bHi] = b[j] as Range;
    const lo = Math.max(aLo, bLo);
    const hi = Math.min(aHi, bHi);
    if (lo <= hi) out.push([lo, hi]);
    if (aHi < bHi) i++;
    else j++;
  }
  return out;
}

function isFull(ranges: Ranges): boolean {
  return ranges.length === 1 && ranges[0]?.[0] === MIN_PORT && ranges[0][1] === MAX_PORT;
}

export class PortSet {
  static readonly EMPTY = new PortSet({ TCP: [], UDP: [], SCTP: [] });
  static readonly ALL = new PortSet({
    TCP: [[MIN_PORT, MAX_PORT]],
    UDP: [[MIN_PORT, MAX_PORT]],
    SCTP: [[MIN_PORT, MAX_PORT]],
  });

  private constructor(private readonly ranges: Readonly<Record<Protocol, Ranges>>) {}

  /** Ports `from`..`to` of one protocol; empty when the range is not a valid one. */
  static range(protocol: Protocol, from: number, to: number = from): PortSet {
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < MIN_PORT || to > MAX_PORT || to < from) {
      return PortSet.EMPTY;
    }
    return new PortSet({ ...PortSet.EMPTY.ranges, [protocol]: [[from, to]] });
  }

  static protocol(protocol: Protocol): PortSet {
    return PortSet.range(protocol, MIN_PORT, MAX_PORT);
  }

  union(other: PortSet): PortSet {
    if (other.isEmpty() || this === PortSet.ALL) return this;
    if (this.isEmpty() || other === PortSet.ALL) return other;
    const result = {} as Record<Protocol, Ranges>;
    for (const protocol of PROTOCOLS) {
      result[protocol] = normalize([...this.ranges[protocol], ...other.ranges[protocol]]);
    }
    return new PortSet(result);
  }

  intersect(other: PortSet): PortSet {
    if (this === PortSet.ALL) return other;
    if (other === PortSet.ALL) return this;
    const result = {} as Record<Protocol, Ranges>;
    for (const protocol of PROTOCOLS) {
      result[protocol] = intersectRanges(this.ranges[protocol], other.ranges[protocol]);
    }
    return new PortSet(result);
  }

  isEmpty(): boolean {
    return PROTOCOLS.every((protocol) => this.ranges[protocol].length === 0);
  }

  isAll(): boolean {
    return PROTOCOLS.every((protocol) => isFull(this.ranges[protocol]));
  }

  has(protocol: Protocol, port: number): boolean {
    return this.ranges[protocol].some(([lo, hi]) => port >= lo && port <= hi);
  }

  /** `any port`, `TCP 8080`, `TCP 8000-8100, every UDP port`. */
  describe(): string {
    if (this.isAll()) return 'any port';
    if (this.isEmpty()) return 'no port';
    const parts: string[] = [];
    for (const protocol of PROTOCOLS) {
      const ranges = this.ranges[protocol];
      if (isFull(ranges)) {
        parts.push(`every ${protocol} port`);
        continue;
      }
      for (const [lo, hi] of ranges) parts.push(lo === hi ? `${protocol} ${lo}` : `${protocol} ${lo}-${hi}`);
    }
    return parts.join(', ');
  }
}

// ---------------------------------------------------------------- named ports

export interface NamedPort {
  protocol: Protocol;
  port: number;
}

/** Container port name → the ports carrying it. */
export type NamedPorts = ReadonlyMap<string, readonly NamedPort[]>;

export function protocolOf(value: unknown): Protocol | undefined {
  if (value === undefined || value === null) return 'TCP';
  if (typeof value !== 'string') return undefined;
  const upper = value.toUpperCase();
  return (PROTOCOLS as readonly string[]).includes(upper) ? (upper as Protocol) : undefined;
}

/**
 * The named ports of a workload's pods. Regular containers count, and so do sidecars (init
 * containers with `restartPolicy: Always`), which keep running and serve like containers.
 */
export function namedPortsOf(workload: Workload): NamedPorts {
  const named = new Map<string, NamedPort[]>();
  for (const ref of workload.containers) {
    const serving = ref.list === 'containers' || (ref.list === 'initContainers' && ref.container.restartPolicy === 'Always');
    const ports: unknown = ref.container.ports;
    if (!serving || !Array.isArray(ports)) continue;
    for (const entry of ports) {
      if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name === '') continue;
      const protocol = protocolOf(entry.protocol);
      const port = entry.containerPort;
      if (!protocol || typeof port !== 'number' || !Number.isInteger(port) || port < MIN_PORT || port > MAX_PORT) continue;
      let list = named.get(entry.name);
      if (!list) named.set(entry.name, (list = []));
      list.push({ protocol, port });
    }
  }
  return named;
}

const NO_NAMED_PORTS: NamedPorts = new Map();

/**
 * What one `ports` entry admits. Protocol defaults to TCP; a missing port means every port of
 * the protocol; `endPort` makes a range; a named port means the destination pod's container
 * ports of that name and protocol. An entry the API server would reject admits nothing.
 */
export function portEntrySet(entry: unknown, destination: NamedPorts = NO_NAMED_PORTS): PortSet {
  if (!isRecord(entry)) return PortSet.EMPTY;
  const protocol = protocolOf(entry.protocol);
  if (!protocol) return PortSet.EMPTY;
  const { port, endPort } = entry;
  if (port === undefined || port === null) return PortSet.protocol(protocol);
  if (typeof port === 'number') {
    if (endPort === undefined || endPort === null) return PortSet.range(protocol, port);
    return typeof endPort === 'number' ? PortSet.range(protocol, port, endPort) : PortSet.EMPTY;
  }
  if (typeof port !== 'string' || (endPort !== undefined && endPort !== null)) return PortSet.EMPTY;
  let set = PortSet.EMPTY;
  for (const candidate of destination.get(port) ?? []) {
    if (candidate.protocol === protocol) set = set.union(PortSet.range(protocol, candidate.port));
  }
  return set;
}

/** What a rule's `ports` admits on a destination; no list (or an empty one) admits every port. */
export function rulePortSet(ports: unknown, destination: NamedPorts = NO_NAMED_PORTS): PortSet {
  if (!Array.isArray(ports) || ports.length === 0) return PortSet.ALL;
  let set = PortSet.EMPTY;
  for (const entry of ports) set = set.union(portEntrySet(entry, destination));
  return set;
}

/** The port names a rule's `ports` refers to, which make its verdict depend on the destination. */
export function portNamesOf(ports: unknown): string[] {
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((entry) => (isRecord(entry) && typeof entry.port === 'string' ? [entry.port] : []));
}
