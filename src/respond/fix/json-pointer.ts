import type { JsonPatchOperation } from '../../model/index.js';

/** Why an operation could not be applied; the fix it belongs to is reported as not applied. */
export class FixError extends Error {}

/** RFC 6901: `/a/b~1c` → ['a', 'b/c']; the empty pointer is the whole document. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new FixError(`"${pointer}" is not a JSON Pointer (it must start with /)`);
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segments: readonly string[]): string {
  return segments.map((segment) => `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** An array index segment as RFC 6901 allows it: `0` or digits without a leading zero. */
export function arrayIndex(segment: string, length: number, allowEnd: boolean): number {
  if (allowEnd && segment === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(segment)) throw new FixError(`"${segment}" is not an array index`);
  const index = Number(segment);
  if (index > length || (!allowEnd && index === length)) throw new FixError(`index ${index} is out of bounds (length ${length})`);
  return index;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

/** The value at `segments`, or a FixError naming the first step that is missing. */
export function valueAt(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const [depth, segment] of segments.entries()) {
    if (Array.isArray(current)) current = current[arrayIndex(segment, current.length, false)];
    else if (isRecord(current) && Object.hasOwn(current, segment)) current = current[segment];
    else throw new FixError(`path ${toPointer(segments.slice(0, depth + 1))} does not exist`);
  }
  return current;
}

function parentOf(root: unknown, segments: readonly string[]): unknown {
  const parent = valueAt(root, segments.slice(0, -1));
  if (!Array.isArray(parent) && !isRecord(parent)) {
    throw new FixError(`path ${toPointer(segments.slice(0, -1))} is not an object or array`);
  }
  return parent;
}

function add(root: unknown, segments: readonly string[], value: unknown): unknown {
  if (segments.length === 0) return value;
  const parent = parentOf(root, segments);
  const last = segments[segments.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true), 0, value);
  else (parent as Record<string, unknown>)[last] = value;
  return root;
}

function remove(root: unknown, segments: readonly string[]): unknown {
  if (segments.length === 0) throw new FixError('cannot remove the whole object');
  valueAt(root, segments);
  const parent = parentOf(root, segments);
  const last = segments[segments.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, false), 1);
  else delete (parent as Record<string, unknown>)[last];
  return root;
}

/** In place, so a replaced key keeps its position in its object. */
function replace(root: unknown, segments: readonly string[], value: unknown): unknown {
  valueAt(root, segments);
  if (segments.length === 0) return value;
  const parent = parentOf(root, segments) as Record<string, unknown> | unknown[];
  const last = segments[segments.length - 1] as string;
  if (Array.isArray(parent)) parent[arrayIndex(last, parent.length, false)] = value;
  else parent[last] = value;
  return root;
}

/** Applies operations to a copy of `value` (plain JSON data) and returns the result. */
export function applyToValue(value: unknown, operations: readonly JsonPatchOperation[]): unknown {
  let root: unknown = structuredClone(value);
  for (const operation of operations) root = applyOne(root, operation);
  return root;
}

function applyOne(root: unknown, operation: JsonPatchOperation): unknown {
  const path = parsePointer(operation.path);
  switch (operation.op) {
    case 'add':
      return add(root, path, structuredClone(operation.value));
    case 'replace':
      return replace(root, path, structuredClone(operation.value));
    case 'remove':
      return remove(root, path);
    case 'test':
      if (!deepEqual(valueAt(root, path), operation.value)) {
        throw new FixError(`test failed: ${operation.path} is not ${JSON.stringify(operation.value)}`);
      }
      return root;
    case 'copy':
      return add(root, path, structuredClone(valueAt(root, parsePointer(operation.from))));
    case 'move': {
      const from = parsePointer(operation.from);
      if (path.length > from.length && from.every((segment, index) => path[index] === segment)) {
        throw new FixError(`cannot move ${operation.from} into itself`);
      }
      const moved = valueAt(root, from);
      return add(remove(root, from), path, moved);
    }
    default:
      throw new FixError(`unknown operation ${JSON.stringify((operation as { op?: unknown }).op)}`);
  }
}
