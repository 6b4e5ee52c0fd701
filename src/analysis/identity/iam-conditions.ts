/**
 * IAM `Condition` blocks: operators, set qualifiers (`ForAnyValue:`, `ForAllValues:`),
 * `…IfExists`, missing keys and policy variables, decided against what a check knows of a
 * request. A key the caller knows nothing about makes the clause undecided rather than true
 * or false, so a check can say "conditions on X" instead of guessing.
 */
import { globMatches, arnMatches } from './iam-match.js';
import { isRecord } from '../../inventory/index.js';

export type Tri = true | false | 'undecided';

export interface ConditionClause {
  /** The operator as written: `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** Without qualifier and `IfExists`: `StringLike`. */
  base: string;
  qualifier?: 'ForAnyValue' | 'ForAllValues';
  ifExists: boolean;
  /** The key as written; keys compare case-insensitively. */
  key: string;
  values: string[];
}

/**
 * What is known of a request's context. Keys in `values` are present with those values; keys
 * matched by `absent` (exact, or a prefix ending in `*`) are known to be missing; any other key
 * is unknown, unless `absent` is `'all-others'`.
 */
export interface RequestContext {
  values?: Readonly<Record<string, string | readonly string[]>>;
  absent?: readonly string[] | 'all-others';
}

type Lookup = { state: 'present'; values: string[] } | { state: 'absent' } | { state: 'unknown' };

export function normaliseConditions(condition: unknown): ConditionClause[] {
  if (!isRecord(condition)) return [];
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    if (!isRecord(block)) continue;
    let rest = operator;
    let qualifier: ConditionClause['qualifier'];
    const colon = rest.indexOf(':');
    if (colon >= 0) {
      const prefix = rest.slice(0, colon).toLowerCase();
      if (prefix === 'foranyvalue') qualifier = 'ForAnyValue';
      else if (prefix === 'forallvalues') qualifier = 'ForAllValues';
      rest = rest.slice(colon + 1);
    }
    const ifExists = /IfExists$/i.test(rest);
    const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
    for (const [key, raw] of Object.entries(block)) {
      const values = (Array.isArray(raw) ? (raw as unknown[]) : [raw]).map((value) => String(value));
      const clause: ConditionClause = { operator, base, ifExists, key, values };
      if (qualifier) clause.qualifier = qualifier;
      clauses.push(clause);
    }
  }
  return clauses;
}


function lowerKeys(values: RequestContext['values']): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [key, value] of Object.entries(values ?? {})) map.set(key.toLowerCase(), typeof value === 'string' ? [value] : [...value]);
  return map;
}

const CONTEXT_CACHE = new WeakMap<RequestContext, Map<string, string[]>>();

function lookup(context: RequestContext, key: string): Lookup {
  let values = CONTEXT_CACHE.get(context);
  if (!values) CONTEXT_CACHE.set(context, (values = lowerKeys(context.values)));
  const lower = key.toLowerCase();
  const found = values.get(lower);
  if (found) return { state: 'present', values: found };
  const absent = context.absent;
  if (absent === 'all-others') return { state: 'absent' };
  for (const pattern of absent ?? []) {
    const p = pattern.toLowerCase();
    if (p.endsWith('*') ? lower.startsWith(p.slice(0, -1)) : lower === p) return { state: 'absent' };
  }
  return { state: 'unknown' };
}

/** Operators that are true when the value does not match (and when the key is missing). */
const NEGATED = new Set([
  'stringnotequals',
  'stringnotequalsignorecase',
  'stringnotlike',
  'arnnotequals',
  'arnnotlike',
  'numericnotequals',
  'datenotequals',
  'notipaddress',
]);

type Matcher = (actual: string, expected: string) => boolean;

const MATCHERS: Record<string, Matcher> = {
  stringequals: (a, e) => a === e,
  stringnotequals: (a, e) => a === e,
  stringequalsignorecase: (a, e) => a.toLowerCase() === e.toLowerCase(),
  stringnotequalsignorecase: (a, e) => a.toLowerCase() === e.toLowerCase(),
  stringlike: (a, e) => globMatches(e, a, false),
  stringnotlike: (a, e) => globMatches(e, a, false),
  arnequals: (a, e) => arnMatches(e, a),
  arnlike: (a, e) => arnMatches(e, a),
  arnnotequals: (a, e) => arnMatches(e, a),
  arnnotlike: (a, e) => arnMatches(e, a),
  bool: (a, e) => a.toLowerCase() === e.toLowerCase(),
};

/** Operators whose policy values take wildcards, so `${*}` stays a literal character. */
const WILDCARD_OPERATORS = new Set(['stringlike', 'stringnotlike', 'arnequals', 'arnlike', 'arnnotequals', 'arnnotlike']);

export interface ClauseResult {
  result: Tri;
  /** The key that left it undecided (unknown key, unsupported operator, unresolved variable). */
  undecidedKey?: string;
}

export function evaluateClause(clause: ConditionClause, context: RequestContext): ClauseResult {
  const base = clause.base.toLowerCase();
  const found = lookup(context, clause.key);
  const undecided: ClauseResult = { result: 'undecided', undecidedKey: clause.key };

  if (base === 'null') {
    if (found.state === 'unknown') return undecided;
    const wantAbsent = clause.values.some((value) => value.toLowerCase() === 'true');
    const wantPresent = clause.values.some((value) => value.toLowerCase() === 'false');
    const absent = found.state === 'absent' || found.values.length === 0;
    return { result: (absent && wantAbsent) || (!absent && wantPresent) };
  }

  const negated = NEGATED.has(base);
  if (found.state === 'unknown') return undecided;
  if (found.state === 'absent' || found.values.length === 0) {
    if (clause.ifExists) return { result: true };
    if (clause.qualifier === 'ForAllValues') return { result: true };
    if (clause.qualifier === 'ForAnyValue') return { result: false };
    return { result: negated };
  }

  const matcher = MATCHERS[base];
  if (!matcher) return undecided;
  const expected: string[] = [];
  for (const value of clause.values) {
    const resolved = resolveVariables(value, context, WILDCARD_OPERATORS.has(base));
    if (resolved === undefined) return undecided;
    expected.push(resolved);
  }
  const matchesAny = (actual: string): boolean => expected.some((value) => matcher(actual, value));
  const satisfied = (actual: string): boolean => (negated ? !matchesAny(actual) : matchesAny(actual));

  if (clause.qualifier === 'ForAllValues') return { result: found.values.every(satisfied) };
  if (clause.qualifier === 'ForAnyValue') return { result: found.values.some(satisfied) };
  // A single-valued key read with several values: positive operators need one match, negated ones none.
  return { result: negated ? found.values.every(satisfied) : found.values.some(satisfied) };
}

/**
 * Replaces `${key}` policy variables from the context (and `${key, 'default'}`); `${*}`,
 * `${?}` and `${$}` are the escaped literals. Undefined when a variable cannot be resolved.
 * In wildcard operators an escaped `*` or `?` must stay literal, which no glob can express
 * here, so such a value is left undecided too.
 */
function resolveVariables(value: string, context: RequestContext, wildcards: boolean): string | undefined {
  if (!value.includes('${')) return value;
  let unresolved = false;
  const out = value.replace(/\$\{([^}]*)\}/g, (_match, inner: string) => {
    const trimmed = inner.trim();
    if (trimmed === '*' || trimmed === '?') {
      if (wildcards) unresolved = true;
      return trimmed;
    }
    if (trimmed === '$') return '$';
    const [name = '', fallback] = trimmed.split(/\s*,\s*/, 2);
    const found = lookup(context, name);
    if (found.state === 'present' && found.values.length === 1) return found.values[0] ?? '';
    const quoted = fallback !== undefined ? /^'(.*)'$/.exec(fallback) : null;
    if (found.state !== 'present' && quoted) return quoted[1] ?? '';
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : out;
}

/** The condition of a statement as a whole: every clause must hold. */
export function evaluateConditions(clauses: readonly ConditionClause[], context: RequestContext): { result: Tri; undecidedKeys: string[] } {
  let result: Tri = true;
  const undecidedKeys: string[] = [];
  for (const clause of clauses) {
    const outcome = evaluateClause(clause, context);
    if (outcome.result === false) return { result: false, undecidedKeys: [] };
    if (outcome.result === 'undecided') {
      result = 'undecided';
      if (outcome.undecidedKey && !undecidedKeys.includes(outcome.undecidedKey)) undecidedKeys.push(outcome.undecidedKey);
    }
  }
  return { result, undecidedKeys };
}
