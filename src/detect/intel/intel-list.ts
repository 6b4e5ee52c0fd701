/**
 * Threat-intelligence IP list files: one IPv4/IPv6 address or CIDR block a line, `#` comments
 * (whole line or after the entry; `;` too, as the Spamhaus DROP files write them), blank lines
 * ignored. A bad line is reported with its file and line and skipped; the rest of the file loads.
 */
import type { InputError } from '../../model/index.js';
import { parseIpRange, type IpRange } from './ip-address.js';

/** Errors kept per file; past this only the count grows (a wrong file must not fill memory). */
export const MAX_ERRORS_PER_FILE = 20;

export interface ParsedIntelList {
  ranges: IpRange[];
  /** Lines that were not an address or CIDR. */
  badLines: number;
  /** The first MAX_ERRORS_PER_FILE of them, naming file and line. */
  errors: InputError[];
}

export function parseIntelList(text: string, file: string): ParsedIntelList {
  const ranges: IpRange[] = [];
  const errors: InputError[] = [];
  let badLines = 0;
  let lineNumber = 0;
  for (const rawLine of text.split('\n')) {
    lineNumber++;
    const comment = rawLine.search(/[#;]/);
    const entry = (comment < 0 ? rawLine : rawLine.slice(0, comment)).trim();
    if (entry === '') continue;
    const range = /\s/.test(entry) ? `one address or CIDR per line, got "${entry}"` : parseIpRange(entry);
    if (typeof range === 'string') {
      badLines++;
      if (errors.length < MAX_ERRORS_PER_FILE) errors.push({ file, line: lineNumber, message: range.length > 200 ? `${range.slice(0, 200)}…` : range });
      continue;
    }
    ranges.push(range);
  }
  if (badLines > errors.length) errors.push({ file, message: `${badLines - errors.length} more bad lines not shown` });
  return { ranges, badLines, errors };
}
