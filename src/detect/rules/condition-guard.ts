/**
 * A fast pre-check of a compiled CEL condition, so most events skip the CEL interpreter.
 *
 * Most rules are conjunctions (`anonymous_user && succeeded && …`) and most events fail one of
 * the conjuncts on a plain field comparison. The guard evaluates the condition's syntax tree
 * directly over the event, for a small subset of CEL (field selection, optional selection with
 * `orValue`, string and number comparisons, `in` a list, `startsWith`/`endsWith`/`contains`,
 * `exists`/`all`/`filter`, `size()` of a list, logic, and the registered functions it is given).
 * Anything outside the subset, or any case where CEL would raise an error or convert types
 * (a missing field, a comparison of mixed types), gives UNKNOWN. Logic follows CEL's
 * commutative `&&`/`||`: `false && <error>` is false, as in CEL. The rule then trusts the guard
 * only when it says false — CEL would have said false too — and otherwise runs CEL as before.
 */
import type { ParseResult } from '@marcbachmann/cel-js';

/** The guard could not decide: CEL must. */
export const UNKNOWN: unique symbol = Symbol('unknown');
type Value = unknown;
/** Variables in reach: comprehension variables innermost first, then the condition's own. */
interface Scope {
  readonly name: string;
  readonly value: Value;
  readonly parent: Scope | undefined;
}
type Compiled = (event: unknown, scope: Scope | undefined) => Value;

/** An optional value (`a.?b`); `NONE` when absent. */
class Optional {
  constructor(readonly value: Value) {}
}
const NONE = new Optional(undefined);

interface Node {
  op: string;
  args: unknown;
}

export type GuardFunctions = ReadonlyMap<string, (value: unknown) => unknown>;

/**
 * A guard for a parsed (not yet checked) condition, or undefined when its top level is outside
 * the subset. `variables`: values of the other variables (`lists`). The guard never throws: a
 * function that throws makes it UNKNOWN.
 */
export function compileGuard(ast: ParseResult['ast'], functions: GuardFunctions = new Map(), variables: Readonly<Record<string, unknown>> = {}): ((event: unknown) => Value) | undefined {
  const compiled = compile(ast, functions);
  if (!compiled) return undefined;
  let scope: Scope | undefined;
  for (const [name, value] of Object.entries(variables)) scope = { name, value, parent: scope };
  return (event) => {
    try {
      return compiled(event, scope);
    } catch {
      return UNKNOWN;
    }
  };
}

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && typeof (value as Node).op === 'string';
const isNumeric = (value: unknown): value is number | bigint => typeof value === 'number' || typeof value === 'bigint';
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Optional);
const always = (value: Value): Compiled => () => value;

function field(receiver: Value, key: string): Value {
  if (!isPlainObject(receiver) || !Object.hasOwn(receiver, key)) return UNKNOWN;
  const value = receiver[key];
  return value === undefined ? UNKNOWN : value;
}

function optionalField(receiver: Value, key: string): Value {
  const target = receiver instanceof Optional ? receiver.value : receiver;
  if (receiver === NONE) return NONE;
  if (!isPlainObject(target)) return UNKNOWN;
  const value = Object.hasOwn(target, key) ? target[key] : undefined;
  return value === undefined ? NONE : new Optional(value);
}

/** CEL equality where both sides are of one simple kind; UNKNOWN otherwise. */
function equal(left: Value, right: Value): Value {
  if (typeof left === 'string' && typeof right === 'string') return left === right;
  if (typeof left === 'boolean' && typeof right === 'boolean') return left === right;
  if (isNumeric(left) && isNumeric(right)) {
    if (typeof left === 'number' && !Number.isFinite(left)) return UNKNOWN;
    if (typeof right === 'number' && !Number.isFinite(right)) return UNKNOWN;
    // Loose equality compares a double and an int by value, as CEL does.
    return left == right;
  }
  return UNKNOWN;
}

function order(op: string, left: Value, right: Value): Value {
  const comparable = (typeof left === 'string' && typeof right === 'string') || (isNumeric(left) && isNumeric(right) && !Number.isNaN(left) && !Number.isNaN(right));
  if (!comparable) return UNKNOWN;
  const l = left;
  const r = right;
  if (typeof l === 'string' && typeof r === 'string' && !(isAscii(l) && isAscii(r))) return UNKNOWN;
  switch (op) {
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    default:
      return l >= r;
  }
}

/** JS compares UTF-16 units, CEL code points: the same for ASCII only. */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function logical(and: boolean, left: Compiled, right: Compiled): Compiled {
  const stop = !and;
  return (event, scope) => {
    const l = left(event, scope);
    if (l === stop) return stop;
    const r = right(event, scope);
    if (r === stop) return stop;
    return l === and && r === and ? and : UNKNOWN;
  };
}

function compile(node: unknown, functions: GuardFunctions): Compiled | undefined {
  if (!isNode(node)) return undefined;
  const args = node.args;
  switch (node.op) {
    case 'value':
      return typeof args === 'string' || typeof args === 'boolean' || typeof args === 'bigint' || (typeof args === 'number' && Number.isFinite(args)) ? always(args) : undefined;
    case 'id': {
      const name = String(args);
      if (name === 'event') return (event) => event;
      return (_event, scope) => {
        for (let at = scope; at; at = at.parent) if (at.name === name) return at.value;
        return UNKNOWN;
      };
    }
    case 'list': {
      if (!Array.isArray(args)) return undefined;
      const constant = constantList(args);
      if (constant) return always(constant);
      const items = args.map((item) => compile(item, functions));
      if (items.some((item) => !item)) return undefined;
      const compiledItems = items as Compiled[];
      return (event, scope) => {
        const out: Value[] = [];
        for (const item of compiledItems) {
          const value = item(event, scope);
          if (value === UNKNOWN) return UNKNOWN;
          out.push(value);
        }
        return out;
      };
    }
    case '.':
    case '.?': {
      const [receiverNode, key] = args as [unknown, unknown];
      const receiver = compile(receiverNode, functions);
      if (!receiver || typeof key !== 'string') return undefined;
      const select = node.op === '.' ? field : optionalField;
      return (event, scope) => {
        const value = receiver(event, scope);
        return value === UNKNOWN ? UNKNOWN : select(value, key);
      };
    }
    case '!_': {
      const operand = compile(args, functions);
      if (!operand) return undefined;
      return (event, scope) => {
        const value = operand(event, scope);
        return typeof value === 'boolean' ? !value : UNKNOWN;
      };
    }
    case '&&':
    case '||': {
      const [leftNode, rightNode] = args as [unknown, unknown];
      return logical(node.op === '&&', compile(leftNode, functions) ?? always(UNKNOWN), compile(rightNode, functions) ?? always(UNKNOWN));
    }
    case '?:': {
      const [conditionNode, thenNode, elseNode] = (args as unknown[]).map((item) => compile(item, functions));
      if (!conditionNode || !thenNode || !elseNode) return undefined;
      return (event, scope) => {
        const condition = conditionNode(event, scope);
        return condition === true ? thenNode(event, scope) : condition === false ? elseNode(event, scope) : UNKNOWN;
      };
    }
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
    case 'in':
    case '+':
      return binary(node.op, args, functions);
    case 'rcall':
      return receiverCall(args, functions);
    case 'call': {
      const [name, callArgs] = args as [unknown, unknown];
      const fn = typeof name === 'string' ? functions.get(name) : undefined;
      if (!fn || !Array.isArray(callArgs) || callArgs.length !== 1) return undefined;
      const argument = compile(callArgs[0], functions);
      if (!argument) return undefined;
      return (event, scope) => {
        const value = argument(event, scope);
        return value === UNKNOWN || value instanceof Optional ? UNKNOWN : fn(value);
      };
    }
    default:
      return undefined;
  }
}

/** The values of a list literal of constants (built once, never changed), or undefined. */
function constantList(items: readonly unknown[]): Value[] | undefined {
  const values: Value[] = [];
  for (const item of items) {
    if (!isNode(item) || item.op !== 'value' || !(typeof item.args === 'string' || typeof item.args === 'boolean' || typeof item.args === 'bigint')) return undefined;
    values.push(item.args);
  }
  return values;
}

function binary(op: string, args: unknown, functions: GuardFunctions): Compiled | undefined {
  const [leftNode, rightNode] = args as [unknown, unknown];
  const constant = op === 'in' && isNode(rightNode) && rightNode.op === 'list' && Array.isArray(rightNode.args) ? constantList(rightNode.args) : undefined;
  if (constant && constant.every((item) => typeof item === 'string')) {
    // `x in ["a", "b", …]`, the commonest form: a set lookup.
    const members = new Set(constant);
    const needle = compile(leftNode, functions);
    if (!needle) return undefined;
    return (event, scope) => {
      const value = needle(event, scope);
      return typeof value === 'string' ? members.has(value) : UNKNOWN;
    };
  }
  const left = compile(leftNode, functions);
  const right = compile(rightNode, functions);
  if (!left || !right) return undefined;
  return (event, scope) => {
    const l = left(event, scope);
    if (l === UNKNOWN) return UNKNOWN;
    const r = right(event, scope);
    if (r === UNKNOWN) return UNKNOWN;
    switch (op) {
      case '==':
        return equal(l, r);
      case '!=': {
        const same = equal(l, r);
        return typeof same === 'boolean' ? !same : UNKNOWN;
      }
      case 'in':
        if (typeof l !== 'string' || !Array.isArray(r) || !r.every((item) => typeof item === 'string')) return UNKNOWN;
        return r.includes(l);
      case '+':
        return typeof l === 'string' && typeof r === 'string' ? l + r : UNKNOWN;
      default:
        return order(op, l, r);
    }
  };
}

function receiverCall(args: unknown, functions: GuardFunctions): Compiled | undefined {
  const [name, receiverNode, callArgs] = args as [unknown, unknown, unknown];
  const receiver = compile(receiverNode, functions);
  if (!receiver || typeof name !== 'string' || !Array.isArray(callArgs)) return undefined;
  if (name === 'exists' || name === 'all' || name === 'filter') {
    const [variable, predicateNode] = callArgs as [unknown, unknown];
    const predicate = compile(predicateNode, functions);
    if (!isNode(variable) || variable.op !== 'id' || typeof variable.args !== 'string' || !predicate) return undefined;
    return comprehension(name, receiver, variable.args, predicate);
  }
  if (name === 'orValue') {
    const fallback = callArgs.length === 1 ? compile(callArgs[0], functions) : undefined;
    if (!fallback) return undefined;
    const path = selectionPath(receiverNode, functions);
    if (path) return walkOrValue(path, fallback);
    return (event, scope) => {
      const value = receiver(event, scope);
      if (!(value instanceof Optional)) return UNKNOWN;
      return value === NONE ? fallback(event, scope) : value.value;
    };
  }
  if (name === 'size' && callArgs.length === 0) {
    return (event, scope) => {
      const value = receiver(event, scope);
      return Array.isArray(value) ? BigInt(value.length) : UNKNOWN;
    };
  }
  if ((name === 'startsWith' || name === 'endsWith' || name === 'contains') && callArgs.length === 1) {
    const argument = compile(callArgs[0], functions);
    if (!argument) return undefined;
    return (event, scope) => {
      const text = receiver(event, scope);
      if (typeof text !== 'string') return UNKNOWN;
      const part = argument(event, scope);
      if (typeof part !== 'string') return UNKNOWN;
      return name === 'startsWith' ? text.startsWith(part) : name === 'endsWith' ? text.endsWith(part) : text.includes(part);
    };
  }
  return undefined;
}

/** `exists`/`all`/`filter` over a list; an element CEL might fail on makes the whole UNKNOWN unless the answer is settled. */
function comprehension(kind: string, receiver: Compiled, variable: string, predicate: Compiled): Compiled {
  return (event, scope) => {
    const list = receiver(event, scope);
    if (!Array.isArray(list)) return UNKNOWN;
    let unsure = false;
    const kept: Value[] = [];
    for (const item of list) {
      const result = predicate(event, { name: variable, value: item, parent: scope });
      if (result === true) {
        if (kind === 'exists') return true;
        if (kind === 'filter') kept.push(item);
      } else if (result === false) {
        if (kind === 'all') return false;
      } else {
        unsure = true;
      }
    }
    if (unsure) return UNKNOWN;
    return kind === 'exists' ? false : kind === 'all' ? true : kept;
  };
}

interface SelectionPath {
  base: Compiled;
  /** Field names; those from `optionalFrom` on are optional selections (`.?`). */
  keys: string[];
  optionalFrom: number;
}

/**
 * `base.a.b.?c.?d` as a path, when plain selections come first and optional ones after (the
 * form macros use), so `orValue` can walk it without building optionals.
 */
function selectionPath(node: unknown, functions: GuardFunctions): SelectionPath | undefined {
  const steps: { key: string; optional: boolean }[] = [];
  let at = node;
  while (isNode(at) && (at.op === '.' || at.op === '.?')) {
    const [receiver, key] = at.args as [unknown, unknown];
    if (typeof key !== 'string') return undefined;
    steps.unshift({ key, optional: at.op === '.?' });
    at = receiver;
  }
  const optionalFrom = steps.findIndex((step) => step.optional);
  if (optionalFrom < 0 || steps.slice(optionalFrom).some((step) => !step.optional)) return undefined;
  const base = compile(at, functions);
  return base ? { base, keys: steps.map((step) => step.key), optionalFrom } : undefined;
}

function walkOrValue(path: SelectionPath, fallback: Compiled): Compiled {
  const { base, keys, optionalFrom } = path;
  return (event, scope) => {
    let value = base(event, scope);
    for (let i = 0; i < keys.length; i++) {
      // As field() and optionalField(): a non-object is left to CEL; a missing plain field is an error, a missing optional one absent.
      if (!isPlainObject(value)) return UNKNOWN;
      const key = keys[i] as string;
      const next = Object.hasOwn(value, key) ? value[key] : undefined;
      if (next === undefined) return i < optionalFrom ? UNKNOWN : fallback(event, scope);
      value = next;
    }
    return value;
  };
}
