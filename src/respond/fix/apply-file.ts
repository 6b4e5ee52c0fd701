import { parseAllDocuments } from 'yaml';
import type { JsonPatchOperation } from '../../model/index.js';
import { applyToValue, FixError } from './json-pointer.js';
import { objectsIn, refIndexKey, type ObjectPlace, type ObjectRef } from './locate-object.js';
import { applyToYamlDocument } from './yaml-edit.js';
import { TextLines } from './yaml-style.js';

/** One fix to apply to one object of a file. */
export interface FileFix {
  id: string;
  ref: ObjectRef;
  /** The object's first line, when the file holds the same object more than once. */
  line?: number;
  operations: readonly JsonPatchOperation[];
}

export interface FileFixOutcome {
  text: string;
  applied: string[];
  failed: Array<{ id: string; reason: string }>;
}

function prefixed(operations: readonly JsonPatchOperation[], prefix: string): JsonPatchOperation[] {
  if (prefix === '') return [...operations];
  return operations.map((operation) =>
    'from' in operation ? { ...operation, from: prefix + operation.from, path: prefix + operation.path } : { ...operation, path: prefix + operation.path },
  );
}

function reason(error: unknown): string {
  if (error instanceof FixError) return error.message;
  throw error;
}

/** A byte order mark: readers skip it, and JSON.parse refuses it, so it is set aside and kept. */
const BOM = '\uFEFF';

function withoutBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

export function isJsonText(name: string, text: string): boolean {
  const first = /\S/.exec(text)?.[0];
  if (!name.toLowerCase().endsWith('.json') && first !== '{' && first !== '[') return false;
  try {
    JSON.parse(withoutBom(text));
    return true;
  } catch {
    return false;
  }
}

/** Applies each fix to its object in a file's text; a fix that fails leaves the text as it was. */
export function applyFixesToFile(name: string, text: string, fixes: readonly FileFix[]): FileFixOutcome {
  return isJsonText(name, text) ? applyToJson(text, fixes) : applyToYaml(text, fixes);
}

function notFound(fix: FileFix): string {
  const where = fix.ref.namespace ? `${fix.ref.namespace}/` : '';
  return `${fix.ref.kind} ${where}${fix.ref.name} was not found in the file`;
}

/** Key → places, built once per file: a fix looks its object up instead of walking every document. */
function indexBy<T>(entries: Iterable<{ key: string; entry: T }>): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const { key, entry } of entries) {
    const list = index.get(key);
    if (list) list.push(entry);
    else index.set(key, [entry]);
  }
  return index;
}

function applyToJson(text: string, fixes: readonly FileFix[]): FileFixOutcome {
  let value: unknown = JSON.parse(withoutBom(text));
  const outcome: FileFixOutcome = { text, applied: [], failed: [] };
  // Fixes edit values, never which objects sit where, so the index stays true as they apply.
  const places = indexBy(objectsIn(value).map(({ key, place }) => ({ key, entry: place })));
  for (const fix of fixes) {
    const place = places.get(refIndexKey(fix.ref))?.[0];
    if (!place) {
      outcome.failed.push({ id: fix.id, reason: notFound(fix) });
      continue;
    }
    try {
      value = applyToValue(value, prefixed(fix.operations, place.prefix));
      outcome.applied.push(fix.id);
    } catch (error) {
      outcome.failed.push({ id: fix.id, reason: reason(error) });
    }
  }
  if (outcome.applied.length > 0) outcome.text = (text.startsWith(BOM) ? BOM : '') + printJson(text, value);
  return outcome;
}

/** JSON printed again with the file's indentation, line endings and final newline. */
function printJson(original: string, value: unknown): string {
  const indent = /\n([ \t]+)\S/.exec(original)?.[1] ?? '';
  let printed = JSON.stringify(value, null, indent);
  if (/\r\n/.test(original)) printed = printed.replace(/\n/g, '\r\n');
  const ending = /\r?\n$/.exec(original)?.[0] ?? '';
  return printed + ending;
}

interface YamlDocumentPlace {
  start: number;
  end: number;
  line: number;
  value: unknown;
}

/** The documents of `text` between `from` and `to` (whole documents), with file offsets and lines. */
function yamlDocuments(text: string, from = 0, to = text.length, firstLine = 1): YamlDocumentPlace[] {
  const lines = new TextLines(text);
  const places: YamlDocumentPlace[] = [];
  // Lines counted forward from the previous document, not from the top each time.
  let counted = from;
  let line = firstLine;
  for (const document of parseAllDocuments(text.slice(from, to), { uniqueKeys: false })) {
    // An unreadable document is some other object's problem: the scan reported it.
    if (document.errors.length > 0 || !document.contents?.range) continue;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 1000 });
    } catch {
      continue;
    }
    const [start, , end] = document.contents.range;
    // From the start of the content's line, so columns inside the slice are the file's.
    const sliceStart = lines.lineStart(from + start);
    for (let at = text.indexOf('\n', counted); at >= 0 && at < sliceStart; at = text.indexOf('\n', at + 1)) line++;
    counted = sliceStart;
    places.push({ start: sliceStart, end: from + end, line, value });
  }
  return places;
}

/** A stretch of the file between two `---` lines: one or more whole documents. */
interface Piece {
  start: number;
  end: number;
  firstLine: number;
}

const DOCUMENT_START = /^---(?:[ \t]|\r?\n|$)/;

function piecesOf(text: string): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  let firstLine = 1;
  let line = 1;
  for (let at = 0; at < text.length; line++) {
    const newline = text.indexOf('\n', at);
    const next = newline < 0 ? text.length : newline + 1;
    if (at > start && DOCUMENT_START.test(text.slice(at, Math.min(next, at + 5)))) {
      pieces.push({ start, end: at, firstLine });
      start = at;
      firstLine = line;
    }
    at = next;
  }
  pieces.push({ start, end: text.length, firstLine });
  return pieces;
}

type Located = { document: YamlDocumentPlace; place: ObjectPlace };

function indexDocuments(documents: readonly YamlDocumentPlace[]): Map<string, Located[]> {
  return indexBy<Located>(documents.flatMap((document) => objectsIn(document.value).map(({ key, place }) => ({ key, entry: { document, place } }))));
}

/** The same object twice in one file: the one starting nearest before the finding's line. */
function nearest(found: readonly Located[], line: number | undefined): Located | undefined {
  const before = line === undefined ? [] : found.filter((entry) => entry.document.line <= line);
  return before[before.length - 1] ?? found[0];
}

/**
 * Finds each fix's document by parsing only the stretch of the file its line is in (a large
 * file has thousands of documents and few fixes each); the whole file is parsed only when that
 * does not find it.
 */
class DocumentFinder {
  private readonly pieces: Piece[];
  private readonly parsed = new Map<Piece, Map<string, Located[]>>();
  private whole: Map<string, Located[]> | undefined;

  constructor(private readonly text: string) {
    this.pieces = piecesOf(text);
  }

  find(fix: FileFix): Located | undefined {
    const key = refIndexKey(fix.ref);
    if (fix.line !== undefined) {
      const piece = this.pieceAt(fix.line);
      let index = this.parsed.get(piece);
      if (!index) {
        index = indexDocuments(yamlDocuments(this.text, piece.start, piece.end, piece.firstLine));
        this.parsed.set(piece, index);
      }
      // Within the stretch only a copy starting at or before the line counts; otherwise the whole file decides.
      const line = fix.line;
      const found = nearest((index.get(key) ?? []).filter((entry) => entry.document.line <= line), line);
      if (found) return found;
    }
    this.whole ??= indexDocuments(yamlDocuments(this.text));
    return nearest(this.whole.get(key) ?? [], fix.line);
  }

  private pieceAt(line: number): Piece {
    let low = 0;
    let high = this.pieces.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((this.pieces[middle] as Piece).firstLine <= line) low = middle;
      else high = middle - 1;
    }
    return this.pieces[low] as Piece;
  }
}

function applyToYaml(text: string, fixes: readonly FileFix[]): FileFixOutcome {
  const finder = new DocumentFinder(text);
  const outcome: FileFixOutcome = { text, applied: [], failed: [] };
  // By start offset: a document found through its piece and through the whole file is one.
  const slices = new Map<number, { document: YamlDocumentPlace; text: string }>();
  for (const fix of fixes) {
    const chosen = finder.find(fix);
    if (!chosen) {
      outcome.failed.push({ id: fix.id, reason: notFound(fix) });
      continue;
    }
    const { document } = chosen;
    const current = slices.get(document.start)?.text ?? text.slice(document.start, document.end);
    try {
      slices.set(document.start, { document, text: applyToYamlDocument(current, prefixed(fix.operations, chosen.place.prefix)) });
      outcome.applied.push(fix.id);
    } catch (error) {
      outcome.failed.push({ id: fix.id, reason: reason(error) });
    }
  }
  // Joined once from the pieces, in file order: splicing one document at a time would copy the
  // whole file for every changed document.
  const parts: string[] = [];
  let at = 0;
  for (const { document, text: slice } of [...slices.values()].sort((a, b) => a.document.start - b.document.start)) {
    parts.push(text.slice(at, document.start), slice);
    at = document.end;
  }
  parts.push(text.slice(at));
  outcome.text = parts.join('');
  return outcome;
}
