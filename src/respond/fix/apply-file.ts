import { parseAllDocuments } from 'yaml';
import type { JsonPatchOperation } from '../../model/index.js';
import { applyToValue, FixError } from './json-pointer.js';
import { placesIn, type ObjectRef } from './locate-object.js';
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

function applyToJson(text: string, fixes: readonly FileFix[]): FileFixOutcome {
  let value: unknown = JSON.parse(withoutBom(text));
  const outcome: FileFixOutcome = { text, applied: [], failed: [] };
  for (const fix of fixes) {
    const place = placesIn(value, fix.ref)[0];
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

function yamlDocuments(text: string): YamlDocumentPlace[] {
  const lines = new TextLines(text);
  const places: YamlDocumentPlace[] = [];
  for (const document of parseAllDocuments(text, { uniqueKeys: false })) {
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
    const sliceStart = lines.lineStart(start);
    const line = text.slice(0, sliceStart).split('\n').length;
    places.push({ start: sliceStart, end, line, value });
  }
  return places;
}

function applyToYaml(text: string, fixes: readonly FileFix[]): FileFixOutcome {
  const documents = yamlDocuments(text);
  const outcome: FileFixOutcome = { text, applied: [], failed: [] };
  const slices = new Map<YamlDocumentPlace, string>();
  for (const fix of fixes) {
    const found = documents.flatMap((document) => placesIn(document.value, fix.ref).map((place) => ({ document, place })));
    // The same object twice in one file: the one starting nearest before the finding's line.
    const before = fix.line === undefined ? [] : found.filter((entry) => entry.document.line <= (fix.line as number));
    const chosen = before[before.length - 1] ?? found[0];
    if (!chosen) {
      outcome.failed.push({ id: fix.id, reason: notFound(fix) });
      continue;
    }
    const current = slices.get(chosen.document) ?? text.slice(chosen.document.start, chosen.document.end);
    try {
      slices.set(chosen.document, applyToYamlDocument(current, prefixed(fix.operations, chosen.place.prefix)));
      outcome.applied.push(fix.id);
    } catch (error) {
      outcome.failed.push({ id: fix.id, reason: reason(error) });
    }
  }
  // Last document first, so earlier offsets stay valid.
  const changed = [...slices].sort(([a], [b]) => b.start - a.start);
  let result = text;
  for (const [document, slice] of changed) result = result.slice(0, document.start) + slice + result.slice(document.end);
  outcome.text = result;
  return outcome;
}
