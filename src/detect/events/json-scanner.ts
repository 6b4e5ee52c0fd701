/**
 * Incremental JSON value splitter over bytes. It finds where each JSON value starts and ends
 * without parsing it, so a reader can hand one event at a time to `JSON.parse` and never holds
 * more than one event (capped at `maxBytes`) plus one chunk in memory.
 *
 * Units it emits:
 * - each top-level value of a stream of values (JSON lines, concatenated JSON, one document);
 * - each element of a top-level array;
 * - each element of the array under `Records`, `items`, `logEvents` or `events` of a top-level
 *   object (CloudTrail files, `EventList`, CloudWatch subscription payloads, FilterLogEvents
 *   output): the envelope is never built whole.
 *
 * Lines: when the first value of the input ends on the line it starts (JSON lines), every line
 * is its own unit and a line that ends inside a value is reported and skipped, so one broken
 * line costs only itself. A line that starts with `{` and lies whole in the current chunk is
 * handed over as is, unscanned (JSON.parse then judges it): that keeps JSON lines near
 * parse-only speed. A pretty-printed document has no such resynchronisation.
 */

const LF = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const LBRACK = 91;
const BSLASH = 92;
const RBRACK = 93;
const LBRACE = 123;
const RBRACE = 125;

/** Keys of a top-level object whose array is streamed element by element. */
export const STREAMED_KEYS: ReadonlySet<string> = new Set(['Records', 'items', 'logEvents', 'events']);

export interface Position {
  /** 1-based line where the value starts. */
  line: number;
  /** For an element of a streamed array: the key holding it (`''` for a top-level array). */
  container?: string;
  /** For an element of a streamed array: its index. */
  index?: number;
}

export interface ScannedValue extends Position {
  /** The value's JSON text (valid during the callback only); undefined when it was over the size limit. */
  text: Buffer | undefined;
  bytes: number;
}

export interface ScanProblem extends Position {
  message: string;
  /** What was read of the broken unit, when under the size limit (to recognise truncation markers). */
  partial: Buffer | undefined;
}

export interface ScanSink {
  value(value: ScannedValue): void;
  problem(problem: ScanProblem): void;
}

type CaptureKind = 'value' | 'scalar' | 'garbage';

export class JsonValueScanner {
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private mode: 'unknown' | 'lines' | 'document' = 'unknown';
  /** Whether a unit has started on the current line (the JSON-lines fast path takes only the first). */
  private lineHasUnit = false;

  private topOpen = false;
  private topIsObject = false;
  private topLine = 0;
  private topLineHasContent = false;

  /** Depth at which streamed elements sit; 0 when top-level values are the units. */
  private containerDepth = 0;
  private containerKey = '';
  private elementIndex = 0;

  private keyBytes: number[] | undefined;
  private lastString = '';
  private lastKey = '';
  private afterColon = false;

  private capturing = false;
  private capKind: CaptureKind = 'value';
  private capDepth = 0;
  private capLine = 0;
  private capContainer: string | undefined;
  private capIndex: number | undefined;
  private capParts: Buffer[] = [];
  private capSize = 0;
  private capOver = false;

  constructor(
    private readonly maxBytes: number,
    private readonly sink: ScanSink,
  ) {}

  /** Lines seen so far (for reporting read errors). */
  get currentLine(): number {
    return this.line;
  }

  push(chunk: Buffer): void {
    let start = this.capturing ? 0 : -1;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk[i]!;
      if (c === LF) {
        if (this.capturing && this.capKind === 'garbage') {
          this.append(chunk, start, i);
          start = -1;
          this.endGarbage();
        } else if (this.topOpen) {
          if (this.mode === 'unknown') {
            this.mode = this.topIsObject && this.containerDepth === 0 && this.topLineHasContent ? 'lines' : 'document';
          }
          if (this.mode === 'lines') {
            if (this.capturing) this.append(chunk, start, i);
            start = -1;
            this.breakUnit(this.capturing ? this.capLine : this.topLine, 'line ends inside a JSON value');
          }
        }
        this.line++;
        this.lineHasUnit = false;
        continue;
      }
      if (this.capturing && this.capKind === 'garbage') continue;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyBytes) {
            this.lastString = String.fromCharCode(...this.keyBytes);
            this.keyBytes = undefined;
          }
        } else if (this.keyBytes && this.keyBytes.length < 64) this.keyBytes.push(c);
        continue;
      }
      if (c === SPACE || c === TAB || c === CR) continue;
      if (this.topOpen && this.line === this.topLine) this.topLineHasContent = true;

      if (!this.capturing && this.depth === this.containerDepth) {
        if (this.depth === 0) {
          if (c === COMMA) continue;
          if (c !== LBRACE && c !== LBRACK) {
            this.lineHasUnit = true;
            this.beginCapture('garbage', this.line);
            start = i;
            continue;
          }
          if (this.mode === 'lines' && !this.lineHasUnit && c === LBRACE) {
            // Fast path for JSON lines: the whole line is the value; JSON.parse judges it.
            const end = chunk.indexOf(LF, i);
            if (end > 0 && end - i <= this.maxBytes) {
              this.sink.value({ line: this.line, text: chunk.subarray(i, end), bytes: end - i });
              i = end - 1;
              continue;
            }
          }
          this.lineHasUnit = true;
          this.topOpen = true;
          this.topIsObject = c === LBRACE;
          this.topLine = this.line;
          this.topLineHasContent = false;
          if (c === LBRACE) {
            this.beginCapture('value', this.line);
            start = i;
          }
        } else if (c !== COMMA && c !== RBRACK) {
          this.beginCapture(c === LBRACE || c === LBRACK ? 'value' : 'scalar', this.line);
          this.capContainer = this.containerKey;
          this.capIndex = this.elementIndex++;
          start = i;
        }
      }

      const colonBefore = this.afterColon;
      this.afterColon = false;
      switch (c) {
        case QUOTE:
          this.inString = true;
          if (this.depth === 1 && this.topIsObject && this.containerDepth === 0) this.keyBytes = [];
          break;
        case LBRACE:
        case LBRACK:
          if (c === LBRACK && this.depth === 1 && this.topIsObject && colonBefore && this.containerDepth === 0 && STREAMED_KEYS.has(this.lastKey)) {
            this.dropCapture();
            start = -1;
            this.openContainer(2, this.lastKey);
          }
          this.depth++;
          if (this.depth === 1 && c === LBRACK) this.openContainer(1, '');
          break;
        case RBRACE:
        case RBRACK:
          if (this.capturing && this.capKind === 'scalar' && this.depth === this.capDepth) {
            this.emit(chunk, start, i);
            start = -1;
          }
          if (this.containerDepth > 0 && this.depth === this.containerDepth) this.containerDepth = 0;
          this.depth--;
          if (this.capturing && this.capKind === 'value' && this.depth === this.capDepth) {
            this.emit(chunk, start, i + 1);
            start = -1;
          }
          if (this.depth === 0) this.closeTop();
          break;
        case COMMA:
          if (this.capturing && this.capKind === 'scalar' && this.depth === this.capDepth) {
            this.emit(chunk, start, i);
            start = -1;
          }
          break;
        case COLON:
          if (this.depth === 1) {
            this.afterColon = true;
            this.lastKey = this.lastString;
          }
          break;
        default:
          break;
      }
    }
    if (this.capturing) this.append(chunk, start, n);
  }

  /** Call at end of input: reports a value left open. */
  end(): void {
    if (this.capturing && this.capKind === 'garbage') this.endGarbage();
    else if (this.topOpen || this.capturing) {
      this.breakUnit(this.capturing ? this.capLine : this.topLine, 'input ends inside a JSON value');
    }
  }

  private openContainer(depth: number, key: string): void {
    this.containerDepth = depth;
    this.containerKey = key;
    this.elementIndex = 0;
  }

  private closeTop(): void {
    this.topOpen = false;
    this.containerDepth = 0;
    if (this.mode === 'unknown') this.mode = this.line === this.topLine ? 'lines' : 'document';
  }

  private beginCapture(kind: CaptureKind, line: number): void {
    this.capturing = true;
    this.capKind = kind;
    this.capDepth = this.depth;
    this.capLine = line;
    this.capContainer = undefined;
    this.capIndex = undefined;
    this.capParts = [];
    this.capSize = 0;
    this.capOver = false;
  }

  private dropCapture(): void {
    this.capturing = false;
    this.capParts = [];
    this.capSize = 0;
  }

  private append(chunk: Buffer, start: number, end: number): void {
    if (start < 0 || end <= start) return;
    this.capSize += end - start;
    if (this.capOver) return;
    if (this.capSize > this.maxBytes) {
      this.capOver = true;
      this.capParts = [];
      return;
    }
    this.capParts.push(Buffer.from(chunk.subarray(start, end)));
  }

  private captured(): Buffer | undefined {
    if (this.capOver) return undefined;
    return this.capParts.length === 1 ? this.capParts[0] : Buffer.concat(this.capParts);
  }

  private position(line: number): Position {
    const position: Position = { line };
    if (this.capContainer !== undefined) {
      position.container = this.capContainer;
      position.index = this.capIndex;
    }
    return position;
  }

  private emit(chunk: Buffer, start: number, end: number): void {
    this.append(chunk, start, end);
    this.sink.value({ ...this.position(this.capLine), text: this.captured(), bytes: this.capSize });
    this.dropCapture();
  }

  private endGarbage(): void {
    const partial = this.captured();
    const preview = partial ? JSON.stringify(partial.subarray(0, 40).toString('utf8')) : `${this.capSize} bytes`;
    this.sink.problem({ line: this.capLine, message: `not JSON: ${preview}`, partial });
    this.dropCapture();
  }

  /** Reports the unit being read as broken and starts afresh at depth 0. */
  private breakUnit(line: number, message: string): void {
    const inElement = this.capturing;
    const where = inElement ? this.position(line) : { line };
    const what = !inElement && this.containerDepth > 0 ? `${message} (unterminated ${this.containerKey || 'array'})` : message;
    this.sink.problem({ ...where, message: what, partial: inElement ? this.captured() : undefined });
    this.dropCapture();
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.topOpen = false;
    this.containerDepth = 0;
    this.keyBytes = undefined;
    this.afterColon = false;
  }
}
