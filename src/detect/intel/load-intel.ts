import { readFileSync } from 'node:fs';
import type { InputError } from '../../model/index.js';
import { IntelIndex, type NamedRanges } from './intel-index.js';
import { parseIntelList } from './intel-list.js';

/** One `--intel name=file` argument. */
export interface IntelListSpec {
  name: string;
  file: string;
}

export interface IntelListStats extends IntelListSpec {
  entries: number;
  badLines: number;
}

export interface LoadedIntel {
  intel: IntelIndex;
  /** Per file: entries loaded and lines skipped. */
  lists: IntelListStats[];
  /** Unreadable files and bad lines, naming file and line; the good entries still load. */
  errors: InputError[];
}

/** List names appear in alerts and rule conditions: keep them plain. */
const LIST_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** `tor=tor-exits.txt` → { name: 'tor', file: 'tor-exits.txt' }, or why it is not one. */
export function parseIntelSpec(text: string): IntelListSpec | string {
  const eq = text.indexOf('=');
  const name = eq < 0 ? '' : text.slice(0, eq).trim();
  const file = eq < 0 ? '' : text.slice(eq + 1).trim();
  if (!name || !file) return `expected NAME=FILE (e.g. tor=tor-exits.txt), got "${text}"`;
  if (!LIST_NAME.test(name)) return `bad list name "${name}" (letters, digits, _ . -)`;
  return { name, file };
}

/** Reads and indexes the named list files. Several files may share a name: they form one list. */
export function loadIntelLists(specs: readonly IntelListSpec[], read: (file: string) => string = (file) => readFileSync(file, 'utf8')): LoadedIntel {
  const lists: IntelListStats[] = [];
  const errors: InputError[] = [];
  const named: NamedRanges[] = [];
  for (const spec of specs) {
    if (!LIST_NAME.test(spec.name)) {
      errors.push({ file: spec.file, message: `bad list name "${spec.name}" (letters, digits, _ . -)` });
      continue;
    }
    let text: string;
    try {
      text = read(spec.file);
    } catch (error) {
      errors.push({ file: spec.file, message: `cannot read intel list ${spec.name}: ${(error as Error).message}` });
      continue;
    }
    const parsed = parseIntelList(text, spec.file);
    errors.push(...parsed.errors);
    lists.push({ ...spec, entries: parsed.ranges.length, badLines: parsed.badLines });
    named.push({ name: spec.name, ranges: parsed.ranges });
  }
  return { intel: IntelIndex.build(named), lists, errors };
}
