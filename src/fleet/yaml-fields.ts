/**
 * Reading a YAML document node by node, so every problem is reported at the line and column of
 * the value it is about, under its path (`accounts[2].roleArn`). The document is parsed with the
 * failsafe schema: every scalar stays the text the user wrote (an account id `012345678901`
 * keeps its leading zero, `yes` is not a boolean) and each field converts its own value.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

export interface FieldIssue {
  path: string;
  line: number;
  col: number;
  message: string;
}

/** Nodes visited at most, aliases followed included: a document of nested aliases cannot blow up. */
const VISIT_BUDGET = 100_000;

export class FieldReader {
  readonly issues: FieldIssue[] = [];
  private visits = 0;

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  issue(node: unknown, path: string, message: string): void {
    const offset = (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    this.issues.push({ path, line, col, message });
  }

  /** The node itself, or the node an alias points at; undefined once the budget is spent. */
  resolve(node: unknown, path: string): Node | undefined {
    this.visits += 1;
    if (this.visits > VISIT_BUDGET) {
      if (this.visits === VISIT_BUDGET + 1) this.issue(node, path, `the document is too large or its aliases expand too far (over ${VISIT_BUDGET} values)`);
      return undefined;
    }
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) this.issue(node, path, `alias *${node.source} names no anchor`);
      return target;
    }
    return (node ?? undefined) as Node | undefined;
  }

  /**
   * The mapping's pairs by key, each key checked against `allowed` (any key when it is absent);
   * undefined when it is not a mapping.
   */
  map(node: unknown, path: string, allowed?: readonly string[]): Map<string, Pair<unknown, unknown>> | undefined {
    const resolved = this.resolve(node, path);
    if (resolved === undefined || (isScalar(resolved) && (resolved.value === null || resolved.value === ''))) return new Map();
    if (!isMap(resolved)) {
      this.issue(resolved, path || '(document)', 'must be a mapping of keys to values');
      return undefined;
    }
    const pairs = new Map<string, Pair<unknown, unknown>>();
    for (const pair of resolved.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const keyPath = key === undefined ? path : path ? `${path}.${key}` : key;
      if (key === undefined) {
        this.issue(pair.key, path || '(document)', 'keys must be plain names');
      } else if (allowed && !allowed.includes(key)) {
        this.issue(pair.key, keyPath, `unknown key "${key}" (expected one of: ${allowed.join(', ')})`);
      } else {
        pairs.set(key, pair);
      }
    }
    return pairs;
  }

  /** The items of a sequence; a single scalar is not taken for a one-item list. */
  seq(node: unknown, path: string): Array<{ node: unknown; path: string }> | undefined {
    const resolved = this.resolve(node, path);
    if (resolved === undefined) return undefined;
    if (!isSeq(resolved)) {
      this.issue(resolved, path, 'must be a list');
      return undefined;
    }
    return resolved.items.map((item, index) => ({ node: item, path: `${path}[${index}]` }));
  }

  /** A non-empty string; undefined (and an issue) otherwise. */
  text(node: unknown, path: string): string | undefined {
    const resolved = this.resolve(node, path);
    if (resolved === undefined) return undefined;
    if (!isScalar(resolved) || typeof resolved.value !== 'string' || resolved.value.trim() === '') {
      this.issue(resolved, path, isScalar(resolved) ? 'must not be empty' : 'must be a single value, not a list or mapping');
      return undefined;
    }
    return resolved.value.trim();
  }

  /** A whole number from min to max. */
  whole(node: unknown, path: string, min: number, max: number): number | undefined {
    const text = this.text(node, path);
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      this.issue(this.resolve(node, path), path, `must be a whole number from ${min} to ${max}, not "${text}"`);
      return undefined;
    }
    return Number(text);
  }

  /** A list of non-empty strings. */
  texts(node: unknown, path: string): string[] | undefined {
    const items = this.seq(node, path);
    if (!items) return undefined;
    const out: string[] = [];
    for (const item of items) {
      const value = this.text(item.node, item.path);
      if (value !== undefined) out.push(value);
    }
    return out;
  }

  /** A string matching `pattern`; otherwise the issue says what it must be (`explain`). */
  matching(node: unknown, path: string, pattern: RegExp, explain: string): string | undefined {
    const value = this.text(node, path);
    if (value === undefined) return undefined;
    if (!pattern.test(value)) {
      this.issue(this.resolve(node, path), path, `${explain}, not "${value.length > 80 ? `${value.slice(0, 80)}…` : value}"`);
      return undefined;
    }
    return value;
  }
}
