import { isCollection, isMap, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { JsonPatchOperation } from '../../model/index.js';
import { applyToValue, deepEqual, FixError, parsePointer, toPointer, valueAt } from './json-pointer.js';
import { resolveSlot, type Slot } from './yaml-path.js';
import { detectStyle, isBlockValue, renderBlock, renderFlow, renderInline, TextLines, type YamlStyle } from './yaml-style.js';

/** A text edit: replace `[start, end)` with `text`. */
interface Splice {
  start: number;
  end: number;
  text: string;
}

function parse(text: string): Document {
  const document = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  if (document.errors.length > 0) throw new FixError(`the document is not valid YAML: ${document.errors[0]?.message.split('\n')[0]}`);
  return document;
}

function plainValue(document: Document): unknown {
  try {
    return document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new FixError(`the document cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Applies RFC 6902 operations to one YAML document's text by splicing only the nodes they touch,
 * so every other byte (comments, quoting, blank lines, indentation, line endings) stays as it
 * was. The result is re-read and compared with the operations applied to the plain value: a
 * layout this editor gets wrong is refused, never written.
 */
export function applyToYamlDocument(text: string, operations: readonly JsonPatchOperation[]): string {
  const original = parse(text);
  const expected = applyToValue(plainValue(original), operations);
  let current = text;
  // The first operation edits the text just parsed; each later one parses what the last left.
  let parsed: Document | undefined = original;
  for (const operation of operations) {
    current = applyOperation(current, operation, parsed);
    parsed = undefined;
  }
  if (!deepEqual(plainValue(parse(current)), expected)) {
    throw new FixError('the change could not be written without reformatting this document; edit it by hand');
  }
  return current;
}

function applyOperation(text: string, operation: JsonPatchOperation, document: Document = parse(text)): string {
  const path = parsePointer(operation.path);
  switch (operation.op) {
    case 'test':
      if (!deepEqual(valueAt(plainValue(document), path), operation.value)) {
        throw new FixError(`test failed: ${operation.path} is not ${JSON.stringify(operation.value)}`);
      }
      return text;
    case 'add':
      return splice(text, setValue(text, document, path, operation.value, true));
    case 'replace':
      return splice(text, setValue(text, document, path, operation.value, false));
    case 'remove':
      return removeAt(text, document, path);
    case 'copy':
      return applyOperation(text, { op: 'add', path: operation.path, value: valueAt(plainValue(document), parsePointer(operation.from)) });
    case 'move': {
      const value = valueAt(plainValue(document), parsePointer(operation.from));
      const removed = applyOperation(text, { op: 'remove', path: operation.from });
      return applyOperation(removed, { op: 'add', path: operation.path, value });
    }
    default:
      throw new FixError(`unknown operation ${JSON.stringify((operation as { op?: unknown }).op)}`);
  }
}

function splice(text: string, edit: Splice): string {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

class Editor {
  readonly lines: TextLines;
  readonly style: YamlStyle;

  constructor(
    readonly text: string,
    document: Document,
  ) {
    this.lines = new TextLines(text);
    this.style = detectStyle(text, document.contents);
  }

  get newline(): string {
    return this.style.newline;
  }

  start(node: Node): number {
    return (node.range as [number, number, number])[0];
  }

  end(node: Node): number {
    const range = node.range as [number, number, number];
    return this.lines.contentEnd(range[0], range[1]);
  }

  /** Just past the `:` after a key. */
  separatorEnd(pair: Pair): number {
    const key = pair.key as Node;
    const colon = this.text.indexOf(':', (key.range as [number, number, number])[1]);
    if (colon < 0) throw new FixError('unexpected mapping layout');
    return colon + 1;
  }

  /** Where the end of a line's content is, before its newline. */
  lineEnd(offset: number): number {
    const next = this.lines.nextLineStart(offset);
    if (next === this.text.length && !this.text.endsWith('\n')) return next;
    return this.text[next - 2] === '\r' ? next - 2 : next - 1;
  }

  block(value: unknown, column: number): string {
    return renderBlock(value, column, this.style).join(this.newline);
  }

  /** A new value for a key that exists. */
  replacePair(map: YAMLMap, pair: Pair, value: unknown): Splice {
    const old = pair.value as Node | null;
    const key = pair.key as Node;
    const keyColumn = this.lines.column(this.start(key));
    if (map.flow) {
      if (!old?.range) return { start: this.separatorEnd(pair), end: this.separatorEnd(pair), text: ` ${renderFlow(value, this.style)}` };
      return { start: this.start(old), end: this.end(old), text: renderFlow(value, this.style) };
    }
    const separatorEnd = this.separatorEnd(pair);
    const oldStart = old?.range ? this.start(old) : separatorEnd;
    const oldEnd = old?.range ? this.end(old) : separatorEnd;
    const oldInline = this.lines.lineStart(oldStart) === this.lines.lineStart(this.start(key));
    const oldFlow = isCollection(old) && old.flow === true;
    if (!isBlockValue(value) || oldFlow) {
      const rendered = oldFlow ? renderFlow(value, this.style) : renderInline(value, this.style);
      if (oldInline && oldStart < oldEnd) return { start: oldStart, end: oldEnd, text: rendered };
      return { start: separatorEnd, end: oldEnd, text: ` ${rendered}` };
    }
    const sameKind = (isMap(old) && !Array.isArray(value)) || (isSeq(old) && Array.isArray(value));
    if (!oldInline && sameKind) {
      const start = this.lines.lineStart(oldStart);
      return { start, end: oldEnd, text: this.block(value, this.lines.column(oldStart)) };
    }
    const childColumn = keyColumn + (Array.isArray(value) ? this.style.sequenceIndent : this.style.step);
    // A comment after the old value stays on the key's line.
    const lineEnd = this.lineEnd(oldEnd);
    const rest = oldInline ? this.text.slice(oldEnd, lineEnd) : '';
    const end = oldInline ? lineEnd : oldEnd;
    return { start: separatorEnd, end, text: `${rest}${this.newline}${this.block(value, childColumn)}` };
  }

  replaceItem(seq: YAMLSeq, index: number, value: unknown): Splice {
    const old = seq.items[index] as Node;
    if (seq.flow) return { start: this.start(old), end: this.end(old), text: renderFlow(value, this.style) };
    const column = this.lines.column(this.start(seq)) + 2;
    return { start: this.start(old), end: this.end(old), text: this.itemBody(value, column) };
  }

  /** What follows `- `: a scalar, or a block whose first line sits on the dash's line. */
  itemBody(value: unknown, column: number): string {
    if (!isBlockValue(value)) return renderInline(value, this.style);
    return this.block(value, column).slice(column);
  }

  addKey(map: YAMLMap, key: string, value: unknown): Splice {
    const keyText = renderInline(key, this.style);
    if (map.flow) {
      const last = map.items[map.items.length - 1];
      const entry = `${keyText}: ${renderFlow(value, this.style)}`;
      if (!last) {
        const pad = this.style.flowPadding ? ' ' : '';
        return { start: this.start(map), end: this.end(map), text: `{${pad}${entry}${pad}}` };
      }
      const lastEnd = last.value ? this.end(last.value as Node) : this.end(last.key as Node);
      return { start: lastEnd, end: lastEnd, text: `, ${entry}` };
    }
    const first = map.items[0];
    if (!first) throw new FixError('unexpected empty block mapping');
    const keyColumn = this.lines.column(this.start(first.key as Node));
    const body = isBlockValue(value)
      ? `${this.newline}${this.block(value, keyColumn + (Array.isArray(value) ? this.style.sequenceIndent : this.style.step))}`
      : ` ${renderInline(value, this.style)}`;
    return this.insertLine(this.end(map), `${' '.repeat(keyColumn)}${keyText}:${body}`);
  }

  addItem(seq: YAMLSeq, index: number, value: unknown): Splice {
    if (seq.flow) {
      const rendered = renderFlow(value, this.style);
      const last = seq.items[seq.items.length - 1] as Node | undefined;
      if (!last) {
        const pad = this.style.flowSequencePadding ? ' ' : '';
        return { start: this.start(seq), end: this.end(seq), text: `[${pad}${rendered}${pad}]` };
      }
      if (index === seq.items.length) return { start: this.end(last), end: this.end(last), text: `, ${rendered}` };
      const before = this.start(seq.items[index] as Node);
      return { start: before, end: before, text: `${rendered}, ` };
    }
    const dashColumn = this.lines.column(this.start(seq));
    const line = `${' '.repeat(dashColumn)}- ${this.itemBody(value, dashColumn + 2)}`;
    if (index === seq.items.length) return this.insertLine(this.end(seq), line);
    const at = this.lines.lineStart(this.start(seq.items[index] as Node));
    return { start: at, end: at, text: `${line}${this.newline}` };
  }

  /** Inserts whole lines after the line holding `after`. */
  insertLine(after: number, lines: string): Splice {
    const at = this.lines.nextLineStart(after);
    const endsLine = at > 0 && this.text[at - 1] === '\n';
    return endsLine ? { start: at, end: at, text: `${lines}${this.newline}` } : { start: at, end: at, text: `${this.newline}${lines}` };
  }

  removePair(map: YAMLMap, pair: Pair): Splice {
    const index = map.items.indexOf(pair);
    const key = pair.key as Node;
    const end = pair.value && (pair.value as Node).range ? this.end(pair.value as Node) : this.separatorEnd(pair);
    if (map.flow) return this.removeFlowEntry(map.items.map((item) => this.start(item.key as Node)), index, end, map.items.map((item) => (item.value ? this.end(item.value as Node) : this.end(item.key as Node))));
    const start = this.start(key);
    if (this.lines.firstOnLine(start)) return { start: this.lines.lineStart(start), end: this.lines.nextLineStart(end), text: '' };
    // The first key of a sequence item (`- name: x`): the next key moves up onto the dash's line.
    const next = map.items[index + 1];
    if (!next) throw new FixError('unexpected mapping layout');
    return { start, end: this.start(next.key as Node), text: '' };
  }

  removeItem(seq: YAMLSeq, index: number): Splice {
    const item = seq.items[index] as Node;
    if (seq.flow) {
      const nodes = seq.items as Node[];
      return this.removeFlowEntry(nodes.map((node) => this.start(node)), index, this.end(item), nodes.map((node) => this.end(node)));
    }
    const dash = this.text.lastIndexOf('-', this.start(item));
    if (dash < 0 || !this.lines.firstOnLine(dash)) throw new FixError('unexpected sequence layout; edit it by hand');
    return { start: this.lines.lineStart(dash), end: this.lines.nextLineStart(this.end(item)), text: '' };
  }

  private removeFlowEntry(starts: number[], index: number, end: number, ends: number[]): Splice {
    const next = starts[index + 1];
    if (next !== undefined) return { start: starts[index] as number, end: next, text: '' };
    if (index === 0) return { start: starts[0] as number, end, text: '' };
    return { start: ends[index - 1] as number, end, text: '' };
  }
}

function setValue(text: string, document: Document, path: readonly string[], value: unknown, creating: boolean): Splice {
  const editor = new Editor(text, document);
  const slot: Slot = resolveSlot(document, path, creating);
  switch (slot.kind) {
    case 'pair':
      return editor.replacePair(slot.parent, slot.pair, value);
    case 'new-key':
      return editor.addKey(slot.parent, slot.key, value);
    case 'item':
      return editor.replaceItem(slot.parent, slot.index, value);
    case 'new-item':
      return editor.addItem(slot.parent, slot.index, value);
  }
}

function removeAt(text: string, document: Document, path: readonly string[]): string {
  const slot = resolveSlot(document, path, false);
  const editor = new Editor(text, document);
  const parent = slot.parent;
  // A block collection cannot be written empty: the whole collection becomes `{}` or `[]`.
  if (!parent.flow && parent.items.length === 1) {
    if (path.length === 1) throw new FixError('cannot remove the last field of the object');
    return splice(text, setValue(text, document, path.slice(0, -1), isMap(parent) ? {} : [], false));
  }
  if (slot.kind === 'pair') return splice(text, editor.removePair(slot.parent, slot.pair));
  if (slot.kind === 'item') return splice(text, editor.removeItem(slot.parent, slot.index));
  throw new FixError(`path ${toPointer(path)} does not exist`);
}
