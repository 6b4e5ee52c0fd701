import { describe, expect, it } from 'vitest';
import { IntelIndex } from './intel-index.js';
import { parseIntelList } from './intel-list.js';
import { loadIntelLists, parseIntelSpec } from './load-intel.js';

const index = (lists: Record<string, string>) => IntelIndex.build(Object.entries(lists).map(([name, text]) => ({ name, ranges: parseIntelList(text, `${name}.txt`).ranges })));

describe('parseIntelList', () => {
  it('reads addresses and CIDRs, skipping comments and blank lines', () => {
    const parsed = parseIntelList('# Tor exits\n\n185.220.101.7\n198.51.100.0/24   # campaign X\n2001:db8:bad::/48\r\n203.0.113.0/24 ; SBL123\n', 'bad.txt');
    expect(parsed.errors).toEqual([]);
    expect(parsed.badLines).toBe(0);
    expect(parsed.ranges.map((range) => range.family)).toEqual([4, 4, 6, 4]);
  });

  it('reports each bad line with file and line and keeps going', () => {
    const parsed = parseIntelList('192.0.2.1\nnot-an-ip\n10.0.0.0/40\n192.0.2.2 192.0.2.3\n192.0.2.4\n', 'bad.txt');
    expect(parsed.ranges).toHaveLength(2);
    expect(parsed.badLines).toBe(3);
    expect(parsed.errors).toEqual([
      { file: 'bad.txt', line: 2, message: 'not an IPv4 or IPv6 address or CIDR: "not-an-ip"' },
      { file: 'bad.txt', line: 3, message: 'bad prefix length "/40" (0-32 for IPv4)' },
      { file: 'bad.txt', line: 4, message: 'one address or CIDR per line, got "192.0.2.2 192.0.2.3"' },
    ]);
  });

  it('keeps a bounded number of errors for a file that is not a list, and counts the rest', () => {
    const parsed = parseIntelList(Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n'), 'words.txt');
    expect(parsed.badLines).toBe(500);
    expect(parsed.errors).toHaveLength(21);
    expect(parsed.errors.at(-1)).toEqual({ file: 'words.txt', message: '480 more bad lines not shown' });
  });
});

describe('IntelIndex', () => {
  const intel = index({
    malicious: '198.51.100.0/24\n203.0.113.9\n2001:db8:bad::/48\n',
    tor: '185.220.101.7\n198.51.100.128/25\n2001:db8:bad:1::5\n',
  });

  it('names the lists holding an address, by containment', () => {
    expect(intel.listsOf('198.51.100.1')).toEqual(['malicious']);
    expect(intel.listsOf('198.51.100.200')).toEqual(['malicious', 'tor']);
    expect(intel.listsOf('198.51.100.255')).toEqual(['malicious', 'tor']);
    expect(intel.listsOf('185.220.101.7')).toEqual(['tor']);
    expect(intel.listsOf('203.0.113.9')).toEqual(['malicious']);
    expect(intel.listsOf('2001:db8:bad:ffff::1')).toEqual(['malicious']);
    expect(intel.listsOf('2001:db8:bad:1:0:0:0:5')).toEqual(['malicious', 'tor']);
    expect(intel.listsOf('::ffff:185.220.101.7')).toEqual(['tor']);
  });

  it('finds nothing just outside the ranges, or for what is not an address', () => {
    for (const ip of ['198.51.99.255', '198.51.101.0', '185.220.101.6', '185.220.101.8', '203.0.113.8', '2001:db8:bae::', 'eks.amazonaws.com', 'AWS Internal', '']) {
      expect(intel.listsOf(ip), ip).toEqual([]);
    }
  });

  it('unions the lists of several addresses (an audit event’s sourceIPs)', () => {
    expect(intel.listsOfAny(['10.0.0.1', '185.220.101.7', '198.51.100.3'])).toEqual(['malicious', 'tor']);
    expect(intel.listsOfAny([])).toEqual([]);
  });

  it('merges overlapping and adjacent entries of a list', () => {
    const merged = index({ a: '10.0.0.0/25\n10.0.0.128/25\n10.0.0.5\n10.0.1.0/24\n' });
    expect(merged.segments).toBe(1);
    expect(merged.listsOf('10.0.1.255')).toEqual(['a']);
    expect(merged.listsOf('10.0.2.0')).toEqual([]);
  });

  it('handles the ends of the address space', () => {
    const ends = index({ all: '0.0.0.0/0\n::/0\n', top: '255.255.255.255\nffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff\n' });
    expect(ends.listsOf('0.0.0.0')).toEqual(['all']);
    expect(ends.listsOf('255.255.255.255')).toEqual(['all', 'top']);
    expect(ends.listsOf('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toEqual(['all', 'top']);
    expect(ends.listsOf('::2')).toEqual(['all']);
  });

  it('finds an IPv4 address, plain or mapped, in IPv6 ranges that cover its mapped form', () => {
    const wide = index({ everything: '::/0\n', near: '::ffff:0:0/95\n', v4: '198.51.100.0/24\n', doc: '2001:db8::/32\n', mapped: '::ffff:203.0.113.0/120\n' });
    expect(wide.listsOf('::ffff:198.51.100.7')).toEqual(['everything', 'near', 'v4']);
    expect(wide.listsOf('198.51.100.7')).toEqual(['everything', 'near', 'v4']);
    expect(wide.listsOf('::ffff:c633:6407')).toEqual(['everything', 'near', 'v4']);
    expect(wide.listsOf('203.0.113.5')).toEqual(['everything', 'mapped', 'near']);
    expect(wide.listsOf('::fffe:1:2')).toEqual(['everything', 'near']);
    expect(wide.listsOf('2001:db8::1')).toEqual(['doc', 'everything']);
    expect(index({ other: '2001:db8::/32\n::/96\n' }).listsOf('::ffff:198.51.100.7')).toEqual([]);
  });

  it('agrees with a plain scan on 100k random entries', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647; // MINSTD: exact in doubles
    const ip = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
    const lines: Record<string, string[]> = { a: [], b: [] };
    const ranges: [string, number, number][] = [];
    for (let i = 0; i < 100_000; i++) {
      const name = random() < 0.5 ? 'a' : 'b';
      const prefix = 16 + Math.floor(random() * 17);
      const size = 2 ** (32 - prefix);
      const first = Math.floor((random() * 2 ** 32) / size) * size;
      lines[name]?.push(`${ip(first)}/${prefix}`);
      ranges.push([name, first, first + size - 1]);
    }
    const big = index({ a: lines.a?.join('\n') ?? '', b: lines.b?.join('\n') ?? '' });
    for (let i = 0; i < 300; i++) {
      const probe = Math.floor(random() * 2 ** 32);
      const expected = [...new Set(ranges.filter(([, first, last]) => first <= probe && probe <= last).map(([name]) => name))].sort();
      expect(big.listsOf(ip(probe)), ip(probe)).toEqual(expected);
    }
  });

  it('is empty and silent without lists', () => {
    expect(IntelIndex.EMPTY.names).toEqual([]);
    expect(IntelIndex.EMPTY.listsOf('198.51.100.1')).toEqual([]);
  });
});

describe('loadIntelLists and parseIntelSpec', () => {
  it('reads NAME=FILE arguments', () => {
    expect(parseIntelSpec('tor=tor-exits.txt')).toEqual({ name: 'tor', file: 'tor-exits.txt' });
    expect(parseIntelSpec('bad-ips=/etc/intel/a=b.txt')).toEqual({ name: 'bad-ips', file: '/etc/intel/a=b.txt' });
    expect(parseIntelSpec('tor-exits.txt')).toBe('expected NAME=FILE (e.g. tor=tor-exits.txt), got "tor-exits.txt"');
    expect(parseIntelSpec('=x.txt')).toMatch(/expected NAME=FILE/);
    expect(parseIntelSpec('a b=x.txt')).toBe('bad list name "a b" (letters, digits, _ . -)');
  });

  it('loads files by name, merging files of one name, and reports unreadable files and bad lines', () => {
    const files: Record<string, string> = { 'tor.txt': '185.220.101.7\n', 'tor2.txt': '185.220.101.8\nx\n', 'bad.txt': '198.51.100.0/24\n' };
    const read = (file: string) => {
      const text = files[file];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${file}'`);
      return text;
    };
    const loaded = loadIntelLists(
      [
        { name: 'tor', file: 'tor.txt' },
        { name: 'tor', file: 'tor2.txt' },
        { name: 'malicious', file: 'bad.txt' },
        { name: 'gone', file: 'missing.txt' },
      ],
      read,
    );
    expect(loaded.intel.names).toEqual(['malicious', 'tor']);
    expect(loaded.intel.listsOf('185.220.101.8')).toEqual(['tor']);
    expect(loaded.lists).toEqual([
      { name: 'tor', file: 'tor.txt', entries: 1, badLines: 0 },
      { name: 'tor', file: 'tor2.txt', entries: 1, badLines: 1 },
      { name: 'malicious', file: 'bad.txt', entries: 1, badLines: 0 },
    ]);
    expect(loaded.errors).toEqual([
      { file: 'tor2.txt', line: 2, message: 'not an IPv4 or IPv6 address or CIDR: "x"' },
      { file: 'missing.txt', message: "cannot read intel list gone: ENOENT: no such file or directory, open 'missing.txt'" },
    ]);
  });
});
