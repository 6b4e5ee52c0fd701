/**
 * Deb822-style stanzas (dpkg status, apk's installed db is simpler and has its own reader):
 * `Field: value` lines, continuation lines starting with a space or tab, stanzas separated by
 * blank lines. A stanza with a line that is neither is reported and skipped, not guessed at.
 */

export interface Stanza {
  /** 1-based line of the stanza's first field, for error messages. */
  line: number;
  /** Field names as written; values with continuation lines joined by `\n`. */
  fields: Map<string, string>;
}

export interface StanzaProblem {
  line: number;
  message: string;
}

export function parseStanzas(text: string): { stanzas: Stanza[]; problems: StanzaProblem[] } {
  const stanzas: Stanza[] = [];
  const problems: StanzaProblem[] = [];
  let current: Stanza | undefined;
  let lastField: string | undefined;
  let broken = false;
  const finish = (): void => {
    if (current && !broken) stanzas.push(current);
    current = undefined;
    lastField = undefined;
    broken = false;
  };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') {
      finish();
      continue;
    }
    if (broken) continue;
    current ??= { line: i + 1, fields: new Map() };
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (lastField === undefined) {
        problems.push({ line: i + 1, message: 'continuation line before any field' });
        broken = true;
        continue;
      }
      const previous = current.fields.get(lastField) ?? '';
      // A lone "." stands for an empty line inside a multi-line value (deb822).
      const cont = line.trim() === '.' ? '' : line.slice(1);
      current.fields.set(lastField, `${previous}\n${cont}`);
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!name || /\s/.test(name)) {
      problems.push({ line: i + 1, message: `not a "Field: value" line: ${JSON.stringify(line.slice(0, 60))}` });
      broken = true;
      continue;
    }
    lastField = name;
    current.fields.set(name, line.slice(colon + 1).trim());
  }
  finish();
  return { stanzas, problems };
}
