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
  const known = BUILT_IN_KINDS[group];
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
  const shapes = known ? KIND_SHAPES[kind] : undefined;
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

function checkShape(value: unknown, shape: Shape, path: PathSegment[], problems: ShapeProblem[]): void {
  if (problems.length >= MAX_PROBLEMS || value === null || value === undefined) return;
  const fail = (): void => {
    problems.push({ path, message: `${formatPathForMessage(path)} must be ${expected(shape)}, got ${describe(value)}` });
  };
  if (typeof shape === 'string') {
    switch (shape) {
      case 'string':
        if (typeof value !== 'string') fail();
        return;
      case 'boolean':
        if (typeof value !== 'boolean') fail();
        return;
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value)) fail();
        return;
      case 'int-or-string':
        if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) fail();
        return;
      case 'quantity':
        if (typeof value !== 'string' && typeof value !== 'number') fail();
        return;
      case 'object':
        if (typeof value !== 'object' || Array.isArray(value)) fail();
        return;
    }
  }
  if ('array' in shape) {
    if (!Array.isArray(value)) return fail();
    value.forEach((item, index) => {
      if (item === null) {
        problems.push({ path: [...path, index], message: `${formatPathForMessage([...path, index])} is null` });
        return;
      }
      checkShape(item, shape.array, [...path, index], problems);
    });
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return fail();
  const record = value as Record<string, unknown>;
  if ('map' in shape) {
    for (const [key, item] of Object.entries(record)) checkShape(item, shape.map, [...path, key], problems);
    return;
  }
  for (const [key, fieldShape] of Object.entries(shape.fields)) {
    if (record[key] !== undefined) checkShape(record[key], fieldShape, [...path, key], problems);
  }
}

function formatPathForMessage(path: PathSegment[]): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

