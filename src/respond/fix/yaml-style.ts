import { Document, isMap, isPair, isScalar, isSeq, visit, type Node } from 'yaml';

/** How a YAML document is laid out, so new nodes look like the ones around them. */
export interface YamlStyle {
  newline: '\n' | '\r\n';
  /** Spaces a nested block mapping is indented by. */
  step: number;
  /** Spaces a block sequence under a mapping key is indented by (0: indentless, `key:\n- a`). */
  sequenceIndent: number;
  /** `{ a: 1 }` rather than `{a: 1}` in flow mappings. */
  flowPadding: boolean;
  /** `[ a ]` rather than `[a]` in flow sequences. */
  flowSequencePadding: boolean;
}

/** Offsets of line starts and columns in one text. */
export class TextLines {
  constructor(readonly text: string) {}

  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  /** The offset just past the newline ending the line of `offset` (or the end of the text). */
  nextLineStart(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    return newline < 0 ? this.text.length : newline + 1;
  }

  /** `end` moved back over whitespace and newlines: where a node's content really ends. */
  contentEnd(start: number, end: number): number {
    let position = end;
    while (position > start && /\s/.test(this.text[position - 1] as string)) position--;
    return position;
  }

  /** Only spaces between the line start and `offset`. */
  firstOnLine(offset: number): boolean {
    return /^[ \t]*$/.test(this.text.slice(this.lineStart(offset), offset));
  }
}

function mostCommon(counts: Map<number, number>, fallback: number): number {
  let best = fallback;
  let bestCount = 0;
  for (const [value, count] of counts) if (count > bestCount) [best, bestCount] = [value, count];
  return best;
}

export function detectStyle(text: string, contents: Node | null): YamlStyle {
  const lines = new TextLines(text);
  const steps = new Map<number, number>();
  const sequenceIndents = new Map<number, number>();
  let flowPadding: boolean | undefined;
  let flowSequencePadding: boolean | undefined;
  if (contents) {
    visit(contents, {
      Pair(_, pair) {
        if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) return;
        const value = pair.value;
        if (!(isMap(value) || isSeq(value)) || value.flow || !value.range) return;
        const keyColumn = lines.column(pair.key.range[0]);
        const childColumn = lines.column(value.range[0]);
        if (!lines.firstOnLine(pair.key.range[0]) && !lines.firstOnLine(value.range[0])) return;
        const counts = isMap(value) ? steps : sequenceIndents;
        const difference = childColumn - keyColumn;
        if (difference >= 0) counts.set(difference, (counts.get(difference) ?? 0) + 1);
      },
      Map(_, map) {
        if (map.flow && map.range && map.items.length > 0 && flowPadding === undefined) flowPadding = text[map.range[0] + 1] === ' ';
      },
      Seq(_, seq) {
        if (seq.flow && seq.range && seq.items.length > 0 && flowSequencePadding === undefined) flowSequencePadding = text[seq.range[0] + 1] === ' ';
      },
    });
  }
  steps.delete(0);
  const step = mostCommon(steps, 2);
  return {
    newline: text.includes('\r\n') ? '\r\n' : '\n',
    step,
    sequenceIndent: mostCommon(sequenceIndents, step),
    flowPadding: flowPadding ?? true,
    // Kubernetes manifests mostly write `[a, b]`; yaml's own default pads both.
    flowSequencePadding: flowSequencePadding ?? false,
  };
}

const SCALAR_OPTIONS = { lineWidth: 0 } as const;

/**
 * Kubernetes reads manifests as YAML 1.1 (go-yaml v2), where `yes`, `on`, `n` are booleans and
 * `1_000` a number; this library writes YAML 1.2, which leaves those plain. A string that
 * either version would not read back as that string is double-quoted.
 */
function quoteForKubernetes(document: Document): Document {
  visit(document, {
    Scalar(_, scalar) {
      if (typeof scalar.value !== 'string' || scalar.type || /[\r\n]/.test(scalar.value)) return;
      const quoted = /^["']/.test(new Document(scalar.value, { version: '1.1' }).toString(SCALAR_OPTIONS));
      if (quoted) scalar.type = 'QUOTE_DOUBLE';
    },
  });
  return document;
}

/** A scalar (or an empty collection) as it is written after `key: ` or `- `. */
export function renderInline(value: unknown, style: YamlStyle): string {
  if (typeof value === 'string' && /[\r\n]/.test(value)) return JSON.stringify(value);
  if (value !== null && typeof value === 'object') return renderFlow(value, style);
  return quoteForKubernetes(new Document(value)).toString(SCALAR_OPTIONS).replace(/\r?\n$/, '');
}

/** A scalar as written inside `[ ]` or `{ }`, quoted where flow context needs it. */
function flowScalar(value: unknown): string {
  const document = new Document([value]);
  visit(document, {
    Seq(_, seq) {
      seq.flow = true;
    },
    Scalar(_, scalar) {
      // Flow context has no block scalars: multi-line text is written double-quoted.
      if (typeof scalar.value === 'string' && /[\r\n]/.test(scalar.value)) scalar.type = 'QUOTE_DOUBLE';
    },
  });
  return quoteForKubernetes(document).toString({ lineWidth: 0, flowCollectionPadding: false }).trim().slice(1, -1);
}

/** Any value in flow style, padded as the file pads its flow mappings and sequences. */
export function renderFlow(value: unknown, style: YamlStyle): string {
  if (Array.isArray(value)) {
    const pad = style.flowSequencePadding && value.length > 0 ? ' ' : '';
    return `[${pad}${value.map((item) => renderFlow(item, style)).join(', ')}${pad}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const pad = style.flowPadding && entries.length > 0 ? ' ' : '';
    return `{${pad}${entries.map(([key, item]) => `${flowScalar(key)}: ${renderFlow(item, style)}`).join(', ')}${pad}}`;
  }
  return flowScalar(value);
}

/** True when the value is written on its own lines (a non-empty mapping or sequence). */
export function isBlockValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}

/** A non-empty collection as block lines, each indented to `column`, joined by the file's newline. */
export function renderBlock(value: unknown, column: number, style: YamlStyle): string[] {
  const text = quoteForKubernetes(new Document(value)).toString({
    lineWidth: 0,
    indent: style.step,
    indentSeq: style.sequenceIndent > 0,
  });
  const pad = ' '.repeat(column);
  return text
    .replace(/\r?\n$/, '')
    .split('\n')
    .map((line) => (line === '' ? line : pad + line));
}
