/**
 * Reading a YAML document field by field with the position of every value, so a problem in a
 * playbook file names the line, the column and the field path (`playbooks[0].actions[1].labels`).
 * Safety configuration must fail loudly: unknown keys are problems, not ignored.
 */
import { isMap, isScalar, isSeq, type LineCounter, type Node, type YAMLMap } from 'yaml';

export interface PlaybookProblem {
  /** Field path from the document root, e.g. `guardrails.rateLimit.per`; '' for the document. */
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** A value in the document with where it is, for messages. */
export interface Field {
  path: string;
  node: Node | null;
}

export class FieldReader {
  readonly problems: PlaybookProblem[] = [];

  constructor(private readonly lines: LineCounter) {}

  problem(field: Field, message: string): void {
    const offset = field.node?.range?.[0];
    const position = offset === undefined ? {} : { line: this.lines.linePos(offset).line, column: this.lines.linePos(offset).col };
    this.problems.push({ path: field.path, message, ...position });
  }

  /** The map's fields by key; every key not in `allowed` is a problem. Undefined (and a problem) when it is not a map. */
  map(field: Field, allowed: readonly string[]): Map<string, Field> | undefined {
    if (!isMap(field.node)) {
      this.problem(field, `must be a mapping (key: value), not ${describe(field.node)}`);
      return undefined;
    }
    return this.entries(field, field.node, allowed);
  }

  /** A map whose keys are free (label keys, notifier names): every value, keyed. */
  anyKeys(field: Field): Map<string, Field> | undefined {
    if (!isMap(field.node)) {
      this.problem(field, `must be a mapping (key: value), not ${describe(field.node)}`);
      return undefined;
    }
    return this.entries(field, field.node, undefined);
  }

  private entries(field: Field, map: YAMLMap, allowed: readonly string[] | undefined): Map<string, Field> {
    const out = new Map<string, Field>();
    for (const pair of map.items) {
      const keyNode = isScalar(pair.key) ? pair.key : null;
      const key = keyNode && (typeof keyNode.value === 'string' || typeof keyNode.value === 'number') ? String(keyNode.value) : undefined;
      const keyField: Field = { path: field.path, node: (pair.key as Node | null) ?? field.node };
      if (key === undefined) {
        this.problem(keyField, 'keys must be plain strings');
        continue;
      }
      const path = field.path === '' ? key : `${field.path}.${key}`;
      if (allowed && !allowed.includes(key)) {
        this.problem({ path, node: keyNode }, `unknown field "${key}" (expected one of: ${allowed.join(', ')})`);
        continue;
      }
      if (out.has(key)) {
        this.problem({ path, node: keyNode }, `"${key}" is given twice`);
        continue;
      }
      out.set(key, { path, node: (pair.value as Node | null) ?? null });
    }
    return out;
  }

  list(field: Field): Field[] | undefined {
    if (!isSeq(field.node)) {
      this.problem(field, `must be a list, not ${describe(field.node)}`);
      return undefined;
    }
    return field.node.items.map((node, index) => ({ path: `${field.path}[${index}]`, node: (node as Node | null) ?? null }));
  }

  string(field: Field): string | undefined {
    if (isScalar(field.node) && typeof field.node.value === 'string' && field.node.value !== '') return field.node.value;
    this.problem(field, `must be a non-empty string, not ${describe(field.node)}`);
    return undefined;
  }

  boolean(field: Field): boolean | undefined {
    if (isScalar(field.node) && typeof field.node.value === 'boolean') return field.node.value;
    this.problem(field, `must be true or false, not ${describe(field.node)}`);
    return undefined;
  }

  /** A whole number in [min, max]. */
  integer(field: Field, min: number, max: number): number | undefined {
    const value = isScalar(field.node) ? field.node.value : undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    this.problem(field, `must be a whole number from ${min} to ${max}, not ${describe(field.node)}`);
    return undefined;
  }

  strings(field: Field): string[] | undefined {
    const items = this.list(field);
    if (!items) return undefined;
    const out: string[] = [];
    for (const item of items) {
      const value = this.string(item);
      if (value !== undefined) out.push(value);
    }
    return out.length === items.length ? out : undefined;
  }
}

/** What a node is, for messages; scalars are shown (playbooks hold no secrets but webhook URLs, which callers never pass here). */
export function describe(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'null';
    if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
    return 'a value of another type';
  }
  return 'an alias';
}

/** Plain JavaScript value of a node (for action parameters, which the actions validate themselves). */
export function plainValue(node: Node | null): unknown {
  if (node === null) return null;
  return node.toJSON() as unknown;
}
