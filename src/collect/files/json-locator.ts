import type { PathSegment } from '../../model/index.js';

/**
 * Finds where values sit in JSON text without building a tree: JSON.parse keeps no positions,
 * and a positional parser is ~50× slower, so positions are looked up only for what a finding
 * points at.
 */

function skipWhitespace(text: string, index: number): number {
  for (;;) {
    const code = text.charCodeAt(index);
    if (code === 32 || code === 10 || code === 13 || code === 9) index++;
    else return index;
  }
}

function skipString(text: string, index: number): number {
  // index is at the opening quote
  let i = index + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let j = quote - 1; text.charCodeAt(j) === 92; j--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** Offset just past the value that starts at `index`. */
export function skipValue(text: string, index: number): number {
  const start = text.charCodeAt(index);
  if (start === 34) return skipString(text, index);
  if (start !== 123 && start !== 91) {
    let i = index;
    for (;;) {
      const code = text.charCodeAt(i);
      if (Number.isNaN(code) || code === 44 || code === 125 || code === 93 || code === 32 || code === 10 || code === 13 || code === 9) return i;
      i++;
    }
  }
  let depth = 0;
  let i = index;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 34) {
      i = skipString(text, i);
      continue;
    }
    if (code === 123 || code === 91) depth++;
    else if (code === 125 || code === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return text.length;
}

/** Visits each member of the object or array starting at `index`; stop by returning false. */
function eachMember(
  text: string,
  index: number,
  visit: (key: string | number, valueOffset: number) => boolean,
): void {
  const open = text.charCodeAt(index);
  let i = skipWhitespace(text, index + 1);
  let position = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 125 || code === 93) return;
    let key: string | number = position;
    if (open === 123) {
      const end = skipString(text, i);
      const raw = text.slice(i + 1, end - 1);
      // Keys rarely hold escapes; decode only those that do.
      key = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
      i = skipWhitespace(text, end);
      i = skipWhitespace(text, i + 1); // past ':'
    }
    if (!visit(key, i)) return;
    i = skipWhitespace(text, skipValue(text, i));
    if (text.charCodeAt(i) === 44) i = skipWhitespace(text, i + 1);
    position++;
  }
}

/** Offset of the value at `path` below the value starting at `start`, or undefined. */
export function locateJsonPath(
  text: string,
  start: number,
  path: readonly PathSegment[],
): number | undefined {
  const reached = locateDeepest(text, start, path);
  return reached.depth === path.length ? reached.offset : undefined;
}

/**
 * Walks `path` as far as it exists, in one pass: the offset of the deepest value reached and
 * how many segments were matched. A finding about an absent field points at its parent.
 */
export function locateDeepest(
  text: string,
  start: number,
  path: readonly PathSegment[],
): { offset: number; depth: number } {
  let offset = skipWhitespace(text, start);
  let depth = 0;
  for (const segment of path) {
    const code = text.charCodeAt(offset);
    if (code !== 123 && code !== 91) break;
    let found: number | undefined;
    eachMember(text, offset, (key, valueOffset) => {
      if (key === segment) {
        found = valueOffset;
        return false;
      }
      return true;
    });
    if (found === undefined) break;
    offset = found;
    depth++;
  }
  return { offset, depth };
}

/** Start offsets of every element of the array at `path` (one pass, for big `List`s). */
export function jsonArrayElementOffsets(
  text: string,
  path: readonly PathSegment[],
): number[] | undefined {
  const array = locateJsonPath(text, 0, path);
  if (array === undefined || text.charCodeAt(array) !== 91) return undefined;
  const offsets: number[] = [];
  eachMember(text, array, (_key, valueOffset) => {
    offsets.push(valueOffset);
    return true;
  });
  return offsets;
}

/**
 * Offsets of every value below the value starting at `start`, keyed by path (segments joined
 * with NUL), in one pass. An object with many findings is indexed once instead of walked again
 * for each finding.
 */
export function indexJsonValue(text: string, start: number): Map<string, number> {
  const index = new Map<string, number>();
  const visit = (offset: number, key: string, depth: number): void => {
    index.set(key, offset);
    const code = text.charCodeAt(offset);
    if ((code !== 123 && code !== 91) || depth > 64) return;
    eachMember(text, offset, (member, valueOffset) => {
      visit(valueOffset, key === '' ? String(member) : `${key}\u0000${String(member)}`, depth + 1);
      return true;
    });
  };
  visit(skipWhitespace(text, start), '', 0);
  return index;
}

/** The offset of the deepest existing value along `path`, from an index. */
export function deepestIndexed(index: Map<string, number>, path: readonly PathSegment[]): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const offset = index.get(path.slice(0, length).map(String).join('\u0000'));
    if (offset !== undefined) return offset;
  }
  return undefined;
}
