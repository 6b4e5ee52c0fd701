import { Environment, type ParseResult } from '@marcbachmann/cel-js';

/** What the expressions of a check can see, by how the check iterates. */
export type CelMode = 'object' | 'workload' | 'container';

/** Variable names per mode, for the docs and for error messages. */
export const CEL_VARIABLES: Record<CelMode, readonly string[]> = {
  object: ['object', 'options'],
  workload: ['object', 'options', 'podSpec', 'podMetadata'],
  container: ['object', 'options', 'podSpec', 'podMetadata', 'container', 'containerType'],
};

function environment(mode: CelMode): Environment {
  // Optional chaining (`object.metadata.?labels`) makes absent fields easy to guard.
  const env = new Environment({ enableOptionalTypes: true });
  for (const name of CEL_VARIABLES[mode]) env.registerVariable(name, name === 'containerType' ? 'string' : 'map');
  return env;
}

/** Built once: creating an environment is the expensive part of CEL. */
const ENVIRONMENTS: Record<CelMode, Environment> = {
  object: environment('object'),
  workload: environment('workload'),
  container: environment('container'),
};

export interface CompiledExpression {
  evaluate(variables: Record<string, unknown>): unknown;
}

export interface CompileProblem {
  /** Offset into the expression where the problem is. */
  offset: number;
  message: string;
}

/**
 * Parses and type-checks an expression once. Unknown variables, syntax errors and type errors
 * (`1 + "a"`) are found here, so a broken policy fails at load rather than on every object.
 */
export function compileExpression(expression: string, mode: CelMode): CompiledExpression | CompileProblem {
  let parsed: ParseResult;
  try {
    parsed = ENVIRONMENTS[mode].parse(expression);
  } catch (error) {
    return problemOf(error);
  }
  const checked = parsed.check();
  if (!checked.valid) return problemOf(checked.error);
  if (checked.type !== 'bool' && checked.type !== 'dyn') {
    return { offset: 0, message: `must evaluate to a bool (true when the object complies), not ${checked.type ?? 'unknown'}` };
  }
  return { evaluate: (variables) => parsed(variables) as unknown };
}

export function isCompileProblem(value: CompiledExpression | CompileProblem): value is CompileProblem {
  return 'message' in value;
}

/** The one-line reason of a cel-js error (its `message` adds a source excerpt). */
export function celErrorText(error: unknown): string {
  if (error && typeof error === 'object' && 'summary' in error && typeof error.summary === 'string') return error.summary;
  return error instanceof Error ? error.message : String(error);
}

function problemOf(error: unknown): CompileProblem {
  let offset = 0;
  if (error && typeof error === 'object' && 'range' in error) {
    const range = error.range as { start?: unknown } | undefined;
    if (typeof range?.start === 'number') offset = range.start;
  }
  return { offset, message: celErrorText(error) };
}

const converted = new WeakMap<object, unknown>();

/**
 * Kubernetes data as CEL values: whole numbers become CEL ints (BigInt), so `replicas + 1 == 4`
 * and `runAsUser == 0` behave as in Kubernetes' own CEL. Objects are converted once per scan.
 */
export function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (value === null || typeof value !== 'object') return value;
  const cached = converted.get(value);
  if (cached !== undefined) return cached;
  const result = Array.isArray(value)
    ? value.map(toCel)
    : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toCel(item)]));
  converted.set(value, result);
  return result;
}
