import type { PathSegment } from '../model/index.js';
import { BUILT_IN_KINDS, KIND_SHAPES, METADATA, type Shape } from './object-shapes.js';

export interface ShapeProblem {
  path: PathSegment[];
  message: string;
}

const MAX_PROBLEMS = 5;

/**
 * Problems that make an object unsafe to evaluate: missing identity, an unknown built-in kind,
 * or a field the checks read holding the wrong type. Unknown fields are left alone.
 */
export function validateObject(object: Record<string, unknown>): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '') {
    problems.push({ path: ['apiVersion'], message: 'apiVersion is missing or not a string' });
  }
  if (typeof object.kind !== 'string' || object.kind === '') {
    problems.push({ path: ['kind'], message: 'kind is missing or not a string' });
  }
  if (problems.length > 0) return problems;
  const kind = object.kind as string;
  const apiVersion = object.apiVersion as string;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const known = Object.hasOwn(BUILT_IN_KINDS, group) ? BUILT_IN_KINDS[group] : undefined;
  if (known && !known.includes(kind)) {
    problems.push({ path: ['kind'], message: `unknown kind "${kind}" in ${apiVersion}` });
    return problems;
  }
  const metadata = object.metadata;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    problems.push({ path: ['metadata'], message: 'metadata is missing or not a mapping' });
    return problems;
  }
  const meta = metadata as Record<string, unknown>;
  if (typeof meta.name !== 'string' && typeof meta.generateName !== 'string') {
    problems.push({ path: ['metadata', 'name'], message: 'metadata.name is missing' });
  }
  checkShape(metadata, METADATA, ['metadata'], problems);
  const shapes = known && Object.hasOwn(KIND_SHAPES, kind) ? KIND_SHAPES[kind] : undefined;
  for (const [field, shape] of Object.entries(shapes ?? {})) {
    if (object[field] !== undefined && object[field] !== null) {
      checkShape(object[field], shape, [field], problems);
    }
  }
  return problems;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

function expected(shape: Shape): string {
  if (typeof shape === 'string') {
    return { object: 'a mapping', quantity: 'a quantity', 'int-or-string': 'an integer or string' }[shape as string] ?? `a ${shape}`;
  }
  if ('array' in shape) return 'a list';
  return 'a mapping';
}

/**
 * Walks only the declared fields. The path is one shared stack, copied only when a problem is
 * found: this runs over every object of a 50,000-object dump.
 */
function checkShape(value: unknown, shape: Shape, path: PathSegment[], problems: ShapeProblem[]): void {
  if (problems.length >= MAX_PROBLEMS || value === null || value === undefined) return;
  if (typeof shape === 'string') {
    if (!scalarMatches(value, shape)) report(value, shape, path, problems);
    return;
  }
  if ('array' in shape) {
    if (!Array.isArray(value)) return report(value, shape, path, problems);
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      if (value[index] === null) problems.push({ path: [...path], message: `${formatPathForMessage(path)} is null` });
      else checkShape(value[index], shape.array, path, problems);
      path.pop();
    }
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return report(value, shape, path, problems);
  const record = value as Record<string, unknown>;
  if ('map' in shape) {
    for (const key in record) {
      path.push(key);
      checkShape(record[key], shape.map, path, problems);
      path.pop();
    }
    return;
  }
  for (const key in shape.fields) {
    const field = record[key];
    if (field === undefined) continue;
    path.push(key);
    checkShape(field, shape.fields[key] as Shape, path, problems);
    path.pop();
  }
}

function scalarMatches(value: unknown, shape: Shape & string): boolean {
  switch (shape) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'int-or-string':
      return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
    case 'quantity':
      return typeof value === 'string' || typeof value === 'number';
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    default:
      return false;
  }
}

function report(value: unknown, shape: Shape, path: PathSegment[], problems: ShapeProblem[]): void {
  problems.push({ path: [...path], message: `${formatPathForMessage(path)} must be ${expected(shape)}, got ${describe(value)}` });
}

function formatPathForMessage(path: PathSegment[]): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

