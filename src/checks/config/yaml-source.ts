import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  parseDocument,
  type Document,
  type Node,
  type ParsedNode,
} from 'yaml';
import type { EvidencePath } from '../../model/index.js';
import { formatPath } from '../../inventory/evidence-path.js';

export interface SourcePosition {
  line: number;
  column: number;
}

/** A problem in a configuration or custom-check file, located at the offending node. */
export interface ConfigError {
  file: string;
  line?: number;
  column?: number;
  /** Where in the document, dotted with [index] (`exceptions[0].expires`); '' for the file itself. */
  path: string;
  message: string;
}

/** `.eksguard.yaml:12:5: exceptions[0].expires: must be a date (YYYY-MM-DD)` */
export function formatConfigError(error: ConfigError): string {
  const where = error.line === undefined ? error.file : `${error.file}:${error.line}:${error.column ?? 1}`;
  return error.path ? `${where}: ${error.path}: ${error.message}` : `${where}: ${error.message}`;
}

/** One YAML document that remembers where every value came from. */
export class YamlDocument {
  constructor(
    readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly text: string,
  ) {}

  /** The document as plain data (YAML 1.2 core schema: dates stay strings). */
  value(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
  }

  /**
   * Where a path points: the key of a map entry (so a typo'd key is named where it is typed),
   * the item of a list, or the deepest ancestor that exists.
   */
  positionOf(path: EvidencePath): SourcePosition {
    const { key, node } = this.walk(path);
    const anchor = key ?? node;
    return anchor?.range ? this.at(anchor.range[0]) : { line: 1, column: 1 };
  }

  /** The value node a path names, when it exists. */
  nodeAt(path: EvidencePath): ParsedNode | undefined {
    const found = this.walk(path);
    return found.complete ? found.node : undefined;
  }

  /**
   * Position of a character inside a string value, for errors inside expressions. Exact for
   * single-line plain or quoted strings without escapes and for `|` block scalars; otherwise
   * the start of the value.
   */
  positionInString(path: EvidencePath, offset: number): SourcePosition {
    const node = this.nodeAt(path);
    if (!node || !isScalar(node) || typeof node.value !== 'string' || !node.range) return this.positionOf(path);
    const start = this.at(node.range[0]);
    const value = node.value;
    const clamped = Math.max(0, Math.min(offset, value.length));
    const source = this.text.slice(node.range[0], node.range[1]);
    switch (node.type) {
      case 'PLAIN':
        if (source === value) return { line: start.line, column: start.column + clamped };
        break;
      case 'QUOTE_SINGLE':
      case 'QUOTE_DOUBLE':
        if (source.length === value.length + 2 && !source.includes('\n')) {
          return { line: start.line, column: start.column + 1 + clamped };
        }
        break;
      case 'BLOCK_LITERAL': {
        const before = value.slice(0, clamped);
        const lineInValue = before.split('\n').length - 1;
        const columnInLine = clamped - (before.lastIndexOf('\n') + 1);
        const line = start.line + 1 + lineInValue;
        // The block's own indentation is what the source line has beyond the value's line.
        const sourceIndent = /^ */.exec(this.sourceLine(line))?.[0].length ?? 0;
        const valueIndent = /^ */.exec(value.split('\n')[lineInValue] ?? '')?.[0].length ?? 0;
        return { line, column: sourceIndent - valueIndent + 1 + columnInLine };
      }
      default:
        break;
    }
    return start;
  }

  error(path: EvidencePath, message: string): ConfigError {
    return { file: this.file, ...this.positionOf(path), path: formatPath(path), message };
  }

  /** Syntax errors and duplicate keys, with positions. */
  problems(): ConfigError[] {
    return this.doc.errors.map((error) => ({
      file: this.file,
      ...this.at(error.pos[0]),
      path: '',
      message: error.message.split('\n')[0] ?? error.message,
    }));
  }

  private at(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  private sourceLine(line: number): string {
    const start = this.lines.lineStarts[line - 1];
    if (start === undefined) return '';
    const end = this.text.indexOf('\n', start);
    return this.text.slice(start, end < 0 ? undefined : end);
  }

  private walk(path: EvidencePath): { node: ParsedNode | undefined; key: Node | undefined; complete: boolean } {
    let node: ParsedNode | undefined = this.doc.contents ?? undefined;
    let key: Node | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) return { node, key, complete: false };
        key = pair.key;
        if (!pair.value) return { node: undefined, key, complete: false };
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item: ParsedNode | undefined = node.items[segment];
        if (!item) return { node, key, complete: false };
        key = undefined;
        node = item;
      } else {
        return { node, key, complete: false };
      }
    }
    return { node, key, complete: true };
  }
}

const OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

export function parseYaml(text: string, file: string): { document: YamlDocument; errors: ConfigError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...OPTIONS, lineCounter: lines });
  const document = new YamlDocument(file, doc, lines, text);
  return { document, errors: document.problems() };
}

/** Every document of a multi-document stream; empty documents are left out. */
export function parseYamlStream(text: string, file: string): { documents: YamlDocument[]; errors: ConfigError[] } {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { ...OPTIONS, lineCounter: lines });
  const documents: YamlDocument[] = [];
  const errors: ConfigError[] = [];
  for (const doc of parsed) {
    const document = new YamlDocument(file, doc, lines, text);
    errors.push(...document.problems());
    // `---` followed by comments only parses as a null scalar: nothing was written there
    const empty = doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null);
    if (!empty) documents.push(document);
  }
  return { documents, errors };
}
