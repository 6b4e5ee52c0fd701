/**
 * Textual expansion of rule conditions before CEL compiles them: a macro name used as a bare
 * identifier becomes `(its expansion)`, and `list.<name>` becomes the list as a CEL literal.
 * String literals are copied untouched, and identifiers after `.` (field names) are never
 * replaced, so `event.user` is safe even with a macro named `user`.
 */

export interface ExpansionContext {
  macros: ReadonlyMap<string, string>;
  lists: ReadonlyMap<string, readonly string[]>;
}

export class ExpansionError extends Error {}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;

/** Expands macros and list references; throws ExpansionError naming an unknown list or a macro cycle. */
export function expandCondition(text: string, context: ExpansionContext, stack: readonly string[] = []): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text.charAt(i);
    if (char === '"' || char === "'") {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (IDENTIFIER_START.test(char) && (i === 0 || !IDENTIFIER_PART.test(text.charAt(i - 1)))) {
      let end = i + 1;
      while (end < text.length && IDENTIFIER_PART.test(text.charAt(end))) end++;
      const word = text.slice(i, end);
      // r"…" / b"…" string prefixes
      if ((word === 'r' || word === 'R' || word === 'b' || word === 'B') && (text.charAt(end) === '"' || text.charAt(end) === "'")) {
        const close = stringEnd(text, end);
        out += text.slice(i, close);
        i = close;
        continue;
      }
      if (afterDot(text, i)) {
        out += word;
        i = end;
        continue;
      }
      if (word === 'list') {
        const reference = /^\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(end));
        if (reference) {
          const name = reference[1] ?? '';
          const values = context.lists.get(name);
          if (!values) throw new ExpansionError(`unknown list "${name}"${known('lists', context.lists)}`);
          out += `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
          i = end + reference[0].length;
          continue;
        }
      }
      const macro = context.macros.get(word);
      if (macro !== undefined && !/^\s*\(/.test(text.slice(end))) {
        if (stack.includes(word)) throw new ExpansionError(`macro cycle: ${[...stack, word].join(' -> ')}`);
        out += `(${expandCondition(macro, context, [...stack, word])})`;
        i = end;
        continue;
      }
      out += word;
      i = end;
      continue;
    }
    out += char;
    i++;
  }
  return out;
}

/** Names of `lists.<name>` / `lists["name"]` references (checked at load: the map is not typed per key). */
export function listVariableReferences(text: string): string[] {
  const names: string[] = [];
  for (const match of withoutStrings(text).matchAll(/(?<![.\w])lists\s*(?:\.\s*([A-Za-z_]\w*)|\[\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*\])/g)) {
    names.push(match[1] ?? (match[2] ?? '').slice(1, -1));
  }
  return names;
}

/** The text with string-literal contents blanked (quotes kept), so offsets stay the same. */
function withoutStrings(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.charAt(i) === '"' || text.charAt(i) === "'") {
      const end = stringEnd(text, i);
      // keep the literal when it directly follows `lists[`, so its name can be read
      out += /lists\s*\[\s*$/.test(out) ? text.slice(i, end) : text.charAt(i) + ' '.repeat(Math.max(0, end - i - 2)) + text.charAt(end - 1);
      i = end;
    } else {
      out += text.charAt(i++);
    }
  }
  return out;
}

function afterDot(text: string, index: number): boolean {
  let j = index - 1;
  while (j >= 0 && /\s/.test(text.charAt(j))) j--;
  if (j >= 0 && text.charAt(j) === '?') j--; // optional field selection `.?name`
  return j >= 0 && text.charAt(j) === '.';
}

/** Index just past the string literal starting at `start` (single, double or triple quoted). */
function stringEnd(text: string, start: number): number {
  const quote = text.charAt(start);
  const triple = text.startsWith(quote.repeat(3), start);
  const delimiter = triple ? quote.repeat(3) : quote;
  let i = start + delimiter.length;
  while (i < text.length) {
    if (text.charAt(i) === '\\') {
      i += 2;
      continue;
    }
    if (text.startsWith(delimiter, i)) return i + delimiter.length;
    if (!triple && text.charAt(i) === '\n') return i;
    i++;
  }
  return text.length;
}

function known(what: string, names: ReadonlyMap<string, unknown>): string {
  return names.size === 0 ? ` (no ${what} are defined)` : ` (known: ${[...names.keys()].sort().join(', ')})`;
}
