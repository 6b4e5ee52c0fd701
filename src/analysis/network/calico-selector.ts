/**
 * Calico selector expressions (`app == 'web' && has(tier)`), the subset real policies use:
 * `all()`, `==`, `!=`, `in {…}`, `not in {…}`, `has()`, `contains`, `starts with`,
 * `ends with`, `!`, `&&`, `||` and parentheses. Anything else is a parse error, which callers
 * turn into "this policy selects nothing, and we say so".
 */

type Node =
  | { type: 'all' }
  | { type: 'has'; key: string }
  | { type: 'compare'; op: '==' | '!=' | 'contains' | 'starts with' | 'ends with'; key: string; value: string }
  | { type: 'in'; negated: boolean; key: string; values: string[] }
  | { type: 'not'; operand: Node }
  | { type: 'and' | 'or'; left: Node; right: Node };

export interface CalicoSelector {
  source: string;
  matches(labels: Readonly<Record<string, string>>): boolean;
  /** Label keys the expression reads (to tell namespace-only selectors apart). */
  keys: readonly string[];
}

export type ParsedSelector = { ok: true; selector: CalicoSelector } | { ok: false; error: string };

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'word'; value: string }
  | { kind: 'punct'; value: string };

const PUNCTUATION = ['&&', '||', '==', '!=', '!', '(', ')', '{', '}', ','];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    if (char === "'" || char === '"') {
      const end = text.indexOf(char, index + 1);
      if (end < 0) throw new Error(`unterminated string at ${index}`);
      tokens.push({ kind: 'string', value: text.slice(index + 1, end) });
      index = end + 1;
      continue;
    }
    const punct = PUNCTUATION.find((candidate) => text.startsWith(candidate, index));
    if (punct) {
      tokens.push({ kind: 'punct', value: punct });
      index += punct.length;
      continue;
    }
    const word = /^[A-Za-z0-9_./-]+/.exec(text.slice(index));
    if (!word) throw new Error(`unexpected "${char}" at ${index}`);
    tokens.push({ kind: 'word', value: word[0] });
    index += word[0].length;
  }
  return tokens;
}

class Parser {
  private position = 0;
  readonly keys = new Set<string>();

  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    if (this.tokens.length === 0) return { type: 'all' };
    const node = this.or();
    if (this.position < this.tokens.length) throw new Error(`unexpected "${this.peek()?.value}"`);
    return node;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }

  private isPunct(value: string): boolean {
    const token = this.peek();
    return token?.kind === 'punct' && token.value === value;
  }

  private isWord(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'word' && token.value === value;
  }

  private expectPunct(value: string): void {
    if (!this.isPunct(value)) throw new Error(`expected "${value}"`);
    this.position += 1;
  }

  private take(kind: Token['kind'], what: string): string {
    const token = this.peek();
    if (token?.kind !== kind) throw new Error(`expected ${what}`);
    this.position += 1;
    return token.value;
  }

  private or(): Node {
    let left = this.and();
    while (this.isPunct('||')) {
      this.position += 1;
      left = { type: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.unary();
    while (this.isPunct('&&')) {
      this.position += 1;
      left = { type: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (this.isPunct('!')) {
      this.position += 1;
      return { type: 'not', operand: this.unary() };
    }
    if (this.isPunct('(')) {
      this.position += 1;
      const inner = this.or();
      this.expectPunct(')');
      return inner;
    }
    return this.primary();
  }

  private primary(): Node {
    if (this.isWord('all')) {
      this.position += 1;
      this.expectPunct('(');
      this.expectPunct(')');
      return { type: 'all' };
    }
    if (this.isWord('has') && this.peek(1)?.value === '(') {
      this.position += 2;
      const key = this.take('word', 'a label key');
      this.expectPunct(')');
      this.keys.add(key);
      return { type: 'has', key };
    }
    const key = this.take('word', 'a label key');
    this.keys.add(key);
    if (this.isPunct('==') || this.isPunct('!=')) {
      const op = this.take('punct', 'an operator') as '==' | '!=';
      return { type: 'compare', op, key, value: this.take('string', 'a quoted value') };
    }
    if (this.isWord('contains')) {
      this.position += 1;
      return { type: 'compare', op: 'contains', key, value: this.take('string', 'a quoted value') };
    }
    if ((this.isWord('starts') || this.isWord('ends')) && this.isWord('with', 1)) {
      const op = this.isWord('starts') ? 'starts with' : 'ends with';
      this.position += 2;
      return { type: 'compare', op, key, value: this.take('string', 'a quoted value') };
    }
    if (this.isWord('in') || (this.isWord('not') && this.isWord('in', 1))) {
      const negated = this.isWord('not');
      this.position += negated ? 2 : 1;
      return { type: 'in', negated, key, values: this.set() };
    }
    throw new Error(`unsupported expression after "${key}"`);
  }

  private set(): string[] {
    this.expectPunct('{');
    const values: string[] = [];
    while (!this.isPunct('}')) {
      values.push(this.take('string', 'a quoted value'));
      if (!this.isPunct('}')) this.expectPunct(',');
    }
    this.expectPunct('}');
    return values;
  }
}

function evaluate(node: Node, labels: Readonly<Record<string, string>>): boolean {
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(labels, key);
  switch (node.type) {
    case 'all':
      return true;
    case 'has':
      return has(node.key);
    case 'compare': {
      const value = has(node.key) ? labels[node.key] : undefined;
      // `!=` also matches when the label is absent, as Calico does.
      if (node.op === '!=') return value !== node.value;
      if (value === undefined) return false;
      if (node.op === '==') return value === node.value;
      if (node.op === 'contains') return value.includes(node.value);
      if (node.op === 'starts with') return value.startsWith(node.value);
      return value.endsWith(node.value);
    }
    case 'in': {
      const inSet = has(node.key) && node.values.includes(labels[node.key] as string);
      return node.negated ? !inSet : inSet;
    }
    case 'not':
      return !evaluate(node.operand, labels);
    case 'and':
      return evaluate(node.left, labels) && evaluate(node.right, labels);
    case 'or':
      return evaluate(node.left, labels) || evaluate(node.right, labels);
  }
}

export function parseCalicoSelector(source: string | undefined): ParsedSelector {
  const text = source ?? '';
  try {
    const parser = new Parser(tokenize(text));
    const root = parser.parse();
    const keys = [...parser.keys];
    return { ok: true, selector: { source: text, keys, matches: (labels) => evaluate(root, labels) } };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
