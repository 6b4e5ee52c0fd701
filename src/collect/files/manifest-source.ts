import type { EvidencePath, K8sObject, Location } from '../../model/index.js';
import { deepestIndexed, indexJsonValue, locateDeepest } from './json-locator.js';
import type { LineIndex } from './line-index.js';
import { locateYamlPaths, yamlListItemOffsets } from './yaml-locator.js';

/** The text an object was read from, kept so findings can be placed on a line later. */
export type ObjectSource =
  | { format: 'json'; file: FileText; offset: number }
  | { format: 'yaml'; file: FileText; document: YamlDocumentSource; itemIndex?: number };

export interface FileText {
  name: string;
  text: string;
  lines: LineIndex;
}

export interface YamlDocumentSource {
  text: string;
  /** Offset of the document in its file. */
  offset: number;
  helmSource?: string;
  itemCount?: number;
  itemOffsets?: number[] | null;
}

/** Maps objects to their source text and answers evidence-path → line questions in batches. */
export class SourceMap {
  private readonly sources = new Map<K8sObject, ObjectSource>();

  set(object: K8sObject, source: ObjectSource): void {
    this.sources.set(object, source);
  }

  delete(object: K8sObject): void {
    this.sources.delete(object);
  }

  /** The line where the object of a source starts. */
  lineOf(source: ObjectSource): number {
    if (source.format === 'json') return source.file.lines.lineAt(source.offset);
    const { document, file } = source;
    const offsets = source.itemIndex === undefined ? undefined : itemOffsets(document);
    const within = offsets && source.itemIndex !== undefined ? (offsets[source.itemIndex] ?? 0) : 0;
    return file.lines.lineAt(document.offset + within + leadingBlankLength(document.text, within));
  }

  locateAll(object: K8sObject, paths: readonly EvidencePath[]): Array<Location | undefined> {
    const source = this.sources.get(object);
    if (!source) return paths.map(() => undefined);
    const lines = source.format === 'json' ? this.jsonLines(source, paths) : this.yamlLines(source, paths);
    return lines.map((line) => {
      if (line === undefined) return undefined;
      const location: Location = { file: source.file.name, line };
      if (source.format === 'yaml' && source.document.helmSource) {
        location.helmSource = source.document.helmSource;
      }
      return location;
    });
  }

  private jsonLines(source: Extract<ObjectSource, { format: 'json' }>, paths: readonly EvidencePath[]): Array<number | undefined> {
    const { text, lines } = source.file;
    if (paths.length === 1) return [lines.lineAt(locateDeepest(text, source.offset, paths[0] as EvidencePath).offset)];
    // Several findings in one object: index it once rather than walk it per finding.
    const index = indexJsonValue(text, source.offset);
    return paths.map((path) => lines.lineAt(deepestIndexed(index, path) ?? source.offset));
  }

  private yamlLines(source: Extract<ObjectSource, { format: 'yaml' }>, paths: readonly EvidencePath[]): Array<number | undefined> {
    const { document, file } = source;
    if (source.itemIndex === undefined) {
      return shift(locateYamlPaths(document.text, paths), file.lines.lineAt(document.offset));
    }
    const offsets = itemOffsets(document);
    const index = source.itemIndex;
    if (!offsets) {
      return shift(
        locateYamlPaths(document.text, paths.map((path) => ['items', index, ...path])),
        file.lines.lineAt(document.offset),
      );
    }
    const start = offsets[index] as number;
    const end = offsets[index + 1] ?? document.text.length;
    const slice = document.text.slice(start, end);
    return shift(
      locateYamlPaths(slice, paths.map((path) => [0, ...path])),
      file.lines.lineAt(document.offset + start),
    );
  }
}

function itemOffsets(document: YamlDocumentSource): number[] | undefined {
  if (document.itemOffsets === undefined) {
    document.itemOffsets = yamlListItemOffsets(document.text, document.itemCount ?? -1) ?? null;
  }
  return document.itemOffsets ?? undefined;
}

function shift(lines: Array<number | undefined>, firstLine: number): Array<number | undefined> {
  return lines.map((line) => (line === undefined ? undefined : line + firstLine - 1));
}

/**
 * Comments, blank lines, directives and a bare `---` before a document's content do not belong
 * to its first line.
 */
function leadingBlankLength(text: string, from: number): number {
  const blankOrComment = /(?:[ \t]*(?:#[^\n]*)?|%[^\n]*|---[ \t]*(?:#[^\n]*)?)\r?\n/y;
  let position = from;
  for (;;) {
    blankOrComment.lastIndex = position;
    if (!blankOrComment.test(text) || blankOrComment.lastIndex === position) return position - from;
    position = blankOrComment.lastIndex;
  }
}
