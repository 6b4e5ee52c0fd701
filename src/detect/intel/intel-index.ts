import { mappedIpv4Range, parseIpAddress, type IpRange } from './ip-address.js';

export interface NamedRanges {
  name: string;
  ranges: readonly IpRange[];
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * Disjoint, sorted ranges of one address family, each with the names of the lists covering it,
 * so a lookup is one binary search however many entries and overlaps the lists have.
 */
class RangeTable<T extends number | bigint> {
  constructor(
    private readonly firsts: T[],
    private readonly lasts: T[],
    private readonly names: (readonly string[])[],
  ) {}

  get size(): number {
    return this.firsts.length;
  }

  lookup(value: T): readonly string[] {
    let low = 0;
    let high = this.firsts.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if ((this.firsts[mid] as T) > value) high = mid - 1;
      else if ((this.lasts[mid] as T) < value) low = mid + 1;
      else return this.names[mid] ?? NONE;
    }
    return NONE;
  }

  /**
   * Sweeps the range boundaries in order, keeping how many ranges of each list are open, and
   * emits one segment per stretch with the same set of open lists (adjacent equal sets merged).
   */
  static build<T extends number | bigint>(ranges: { first: T; last: T; list: number }[], listNames: readonly string[], step: { after(v: T): T; before(v: T): T }): RangeTable<T> {
    const points: { at: T; list: number; delta: 1 | -1 }[] = [];
    for (const range of ranges) {
      points.push({ at: range.first, list: range.list, delta: 1 });
      points.push({ at: step.after(range.last), list: range.list, delta: -1 });
    }
    points.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const open = new Array<number>(listNames.length).fill(0);
    const interned = new Map<string, readonly string[]>();
    const firsts: T[] = [];
    const lasts: T[] = [];
    const names: (readonly string[])[] = [];
    let i = 0;
    while (i < points.length) {
      const at = (points[i] as { at: T }).at;
      while (i < points.length && (points[i] as { at: T }).at === at) {
        const point = points[i++] as { list: number; delta: number };
        open[point.list] = (open[point.list] ?? 0) + point.delta;
      }
      if (i === points.length) break;
      const next = (points[i] as { at: T }).at;
      const covering = listNames.filter((_, list) => (open[list] ?? 0) > 0);
      if (covering.length === 0) continue;
      const key = covering.join('\n');
      let set = interned.get(key);
      if (!set) interned.set(key, (set = Object.freeze(covering)));
      const end = step.before(next);
      if (names.length > 0 && names[names.length - 1] === set && step.after(lasts[lasts.length - 1] as T) === at) lasts[lasts.length - 1] = end;
      else {
        firsts.push(at);
        lasts.push(end);
        names.push(set);
      }
    }
    return new RangeTable(firsts, lasts, names);
  }
}

/**
 * Named IP lists (malicious, tor, …) indexed for lookup: an address gives the names of the lists
 * holding it, directly or inside a CIDR block. Built once; lookups cost O(log entries). An IPv4
 * address, however written (`198.51.100.7`, `::ffff:198.51.100.7`), is in the IPv4 entries and in
 * the IPv6 entries covering its mapped form (`::/0`).
 */
export class IntelIndex {
  static readonly EMPTY = IntelIndex.build([]);

  private constructor(
    /** Names of the lists, sorted. */
    readonly names: readonly string[],
    private readonly v4: RangeTable<number>,
    private readonly v6: RangeTable<bigint>,
  ) {}

  /** Lists with the same name are merged (two files for one list). */
  static build(lists: readonly NamedRanges[]): IntelIndex {
    const names = [...new Set(lists.map((list) => list.name))].sort();
    const position = new Map(names.map((name, i) => [name, i]));
    const v4: { first: number; last: number; list: number }[] = [];
    const v6: { first: bigint; last: bigint; list: number }[] = [];
    for (const list of lists) {
      const index = position.get(list.name) ?? 0;
      for (const range of list.ranges) {
        if (range.family === 4) v4.push({ first: range.first, last: range.last, list: index });
        else {
          v6.push({ first: range.first, last: range.last, list: index });
          const mapped = mappedIpv4Range(range);
          if (mapped) v4.push({ first: mapped.first, last: mapped.last, list: index });
        }
      }
    }
    return new IntelIndex(names, RangeTable.build(v4, names, { after: (v) => v + 1, before: (v) => v - 1 }), RangeTable.build(v6, names, { after: (v) => v + 1n, before: (v) => v - 1n }));
  }

  /** Disjoint ranges held (after merging overlaps); a measure of the index's size. */
  get segments(): number {
    return this.v4.size + this.v6.size;
  }

  /** Names of the lists holding `ip` (sorted); none for a non-address such as "eks.amazonaws.com". */
  listsOf(ip: string): readonly string[] {
    if (this.names.length === 0) return NONE;
    const address = parseIpAddress(ip.trim());
    if (!address) return NONE;
    return address.family === 4 ? this.v4.lookup(address.value) : this.v6.lookup(address.value);
  }

  /** Names of the lists holding any of the addresses. */
  listsOfAny(ips: readonly string[]): readonly string[] {
    if (ips.length === 1) return this.listsOf(ips[0] ?? '');
    const found = new Set<string>();
    for (const ip of ips) for (const name of this.listsOf(ip)) found.add(name);
    return found.size === 0 ? NONE : [...found].sort();
  }
}
