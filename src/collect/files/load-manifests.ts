import { loadAll, YAMLException } from 'js-yaml';
import type { InputError, InventoryObject, K8sObject, Origin } from '../../model/index.js';
import { validateObject } from '../../inventory/index.js';
import { jsonArrayElementOffsets } from './json-locator.js';
import { KUBERNETES_YAML_SCHEMA } from './kubernetes-yaml.js';
import { LineIndex } from './line-index.js';
import { SourceMap, type FileText, type ObjectSource, type YamlDocumentSource } from './manifest-source.js';
import { splitYamlDocuments } from './split-yaml.js';
import { structureProblem } from './structure-guard.js';

/** Objects larger than this are not Kubernetes objects (the API server caps them near 1.5 MiB). */
export const MAX_OBJECT_BYTES = 8 * 1024 * 1024;

export interface LoadedManifests {
  objects: InventoryObject[];
  errors: InputError[];
  sources: SourceMap;
  bytes: number;
}

export function emptyLoad(): LoadedManifests {
  return { objects: [], errors: [], sources: new SourceMap(), bytes: 0 };
}

/** Reads one file's bytes into objects. Never throws: what cannot be read becomes an error. */
export function loadManifestBytes(bytes: Uint8Array, name: string, into: LoadedManifests = emptyLoad()): LoadedManifests {
  into.bytes += bytes.length;
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) {
    into.errors.push({ file: name, line: 1, message: 'binary file (contains NUL bytes), not YAML or JSON' });
    return into;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    into.errors.push({ file: name, line: 1, message: 'not valid UTF-8 text' });
    return into;
  }
  return loadManifestText(text, name, into);
}

export function loadManifestText(text: string, name: string, into: LoadedManifests = emptyLoad()): LoadedManifests {
  const file: FileText = { name, text, lines: new LineIndex(text) };
  const firstChar = /\S/.exec(text)?.[0];
  const looksJson = name.toLowerCase().endsWith('.json') || firstChar === '{' || firstChar === '[';
  if (looksJson) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (name.toLowerCase().endsWith('.json') || firstChar === '[') {
        into.errors.push({ file: name, line: jsonErrorLine(error, file), message: `invalid JSON: ${errorText(error)}` });
        return into;
      }
      value = undefined; // a YAML flow mapping: fall through to the YAML reader
    }
    if (value !== undefined) {
      new Reader(into, file).json(value);
      return into;
    }
  }
  new Reader(into, file).yaml();
  return into;
}

class Reader {
  constructor(
    private readonly out: LoadedManifests,
    private readonly file: FileText,
  ) {}

  private error(line: number | undefined, message: string): void {
    const error: InputError = { file: this.file.name, message };
    if (line !== undefined) error.line = line;
    this.out.errors.push(error);
  }

  json(value: unknown): void {
    const problem = structureProblem(value, false);
    if (problem) return this.error(1, problem);
    if (Array.isArray(value)) {
      // A bare array of objects, as some tools print.
      const offsets = jsonArrayElementOffsets(this.file.text, []) ?? [];
      value.forEach((item, index) => this.emitJson(item, offsets[index] ?? 0, this.file.text.length > MAX_OBJECT_BYTES && offsets.length > 1));
      return;
    }
    const list = listItems(value);
    if (list) {
      const offsets = jsonArrayElementOffsets(this.file.text, ['items']) ?? [];
      list.items.forEach((item, index) => this.emitJson(fillListItem(item, list), offsets[index] ?? 0, true));
      return;
    }
    this.emitJson(value, 0, false);
  }

  private emitJson(value: unknown, offset: number, inList: boolean): void {
    const source: ObjectSource = { format: 'json', file: this.file, offset };
    if (!inList && this.file.text.length > MAX_OBJECT_BYTES) {
      return this.error(this.file.lines.lineAt(offset), tooLarge(this.file.text.length));
    }
    this.emit(value, source, this.file.lines.lineAt(offset));
  }

  yaml(): void {
    for (const part of splitYamlDocuments(this.file.text)) {
      const startLine = this.file.lines.lineAt(part.offset);
      if (part.text.length > MAX_OBJECT_BYTES && !/^items:/m.test(part.text)) {
        this.error(startLine, tooLarge(part.text.length));
        continue;
      }
      let values: unknown[];
      try {
        values = [];
        loadAll(part.text, (doc) => values.push(doc), { schema: KUBERNETES_YAML_SCHEMA, filename: this.file.name, json: true });
      } catch (error) {
        // js-yaml places end-of-input errors one line past a file without a final newline.
        const lastLine = this.file.lines.lineAt(this.file.text.length);
        this.error(Math.min(yamlErrorLine(error, startLine), lastLine), `invalid YAML: ${yamlReason(error)}`);
        continue;
      }
      const value = values[0];
      if (value === null || value === undefined) continue;
      const problem = structureProblem(value, part.text.includes('&'));
      if (problem) {
        this.error(startLine, problem);
        continue;
      }
      const document: YamlDocumentSource = { text: part.text, offset: part.offset };
      if (part.helmSource) document.helmSource = part.helmSource;
      const list = listItems(value);
      if (list) {
        document.itemCount = list.items.length;
        list.items.forEach((item, itemIndex) => {
          const source: ObjectSource = { format: 'yaml', file: this.file, document, itemIndex };
          this.emit(fillListItem(item, list), source, undefined);
        });
        continue;
      }
      this.emit(value, { format: 'yaml', file: this.file, document }, undefined);
    }
  }

  /** Validates and records one object; `line` is computed from the source when not given. */
  private emit(value: unknown, source: ObjectSource, line: number | undefined): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const where = line ?? this.out.sources.lineOf(source);
      return this.error(where, `expected a Kubernetes object (a mapping), got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)?.slice(0, 60)}`);
    }
    const object = value as K8sObject;
    this.out.sources.set(object, source);
    const problems = validateObject(object);
    if (problems.length > 0) {
      const lines = this.out.sources.locateAll(object, problems.map((problem) => problem.path));
      problems.forEach((problem, index) => {
        const name = object.metadata?.name;
        const label = `${object.kind ?? 'object'}${typeof name === 'string' ? ` ${name}` : ''}`;
        this.error(lines[index]?.line ?? line, `${label}: ${problem.message}; object skipped`);
      });
      this.out.sources.delete(object);
      return;
    }
    const objectLine = line ?? this.out.sources.lineOf(source);
    const origin: Origin = { type: 'file', file: this.file.name, line: objectLine };
    if (source.format === 'yaml' && source.document.helmSource) origin.helmSource = source.document.helmSource;
    this.out.objects.push({ object, origin });
  }
}

interface ListValue {
  items: unknown[];
  kind: string;
  apiVersion?: string;
}

/** `kind: List` and typed lists (`PodList`, as `kubectl get --raw` prints) with their items. */
function listItems(value: unknown): ListValue | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const kind = record.kind;
  if (typeof kind !== 'string' || !kind.endsWith('List') || !Array.isArray(record.items)) return undefined;
  const list: ListValue = { items: record.items, kind };
  if (typeof record.apiVersion === 'string') list.apiVersion = record.apiVersion;
  return list;
}

/** Typed lists omit each item's kind and apiVersion; the list's own say what they are. */
function fillListItem(item: unknown, list: ListValue): unknown {
  if (list.kind === 'List' || item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  const record = item as Record<string, unknown>;
  if (record.kind === undefined) record.kind = list.kind.slice(0, -'List'.length);
  if (record.apiVersion === undefined && list.apiVersion) record.apiVersion = list.apiVersion;
  return item;
}

function tooLarge(bytes: number): string {
  return `document is ${(bytes / 1024 / 1024).toFixed(1)} MiB, over the ${MAX_OBJECT_BYTES / 1024 / 1024} MiB limit for one object (the Kubernetes API rejects objects over ~1.5 MiB)`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function jsonErrorLine(error: unknown, file: FileText): number | undefined {
  const message = errorText(error);
  const position = /position (\d+)/.exec(message);
  if (position) return file.lines.lineAt(Number(position[1]));
  const line = /line (\d+)/.exec(message);
  return line ? Number(line[1]) : undefined;
}

function yamlErrorLine(error: unknown, startLine: number): number {
  if (error instanceof YAMLException && error.mark) return startLine + error.mark.line;
  return startLine;
}

function yamlReason(error: unknown): string {
  if (error instanceof YAMLException) return error.reason;
  if (error instanceof RangeError) return 'nesting too deep to parse';
  return errorText(error);
}

