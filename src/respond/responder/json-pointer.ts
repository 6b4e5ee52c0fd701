/** RFC 6901 pointers: which fields a patch writes, and reading a field by pointer. */
import { PATCH_TYPES, type KubeRequest } from '../actions/types.js';

export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value at the pointer, or undefined when there is none. */
export function valueAt(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let value: unknown = document;
  for (const token of pointer.slice(1).split('/').map(unescapeToken)) {
    if (Array.isArray(value)) value = /^\d+$/.test(token) ? value[Number(token)] : undefined;
    else if (typeof value === 'object' && value !== null) value = Object.prototype.hasOwnProperty.call(value, token) ? (value as Record<string, unknown>)[token] : undefined;
    else return undefined;
  }
  return value;
}

/**
 * The fields a write sets, as pointers: a JSON patch's operation paths; a merge or strategic
 * merge patch's leaves (a map is descended, anything else is one field). resourceVersion in a
 * patch is a precondition, not a change.
 */
export function touchedPointers(request: KubeRequest): string[] {
  if (request.contentType === PATCH_TYPES.json && Array.isArray(request.body)) {
    const out = new Set<string>();
    for (const operation of request.body as unknown[]) {
      if (typeof operation !== 'object' || operation === null) continue;
      const { path, from } = operation as { path?: unknown; from?: unknown };
      if (typeof path === 'string') out.add(path.replace(/\/-$/, ''));
      if (typeof from === 'string') out.add(from);
    }
    return [...out];
  }
  const out: string[] = [];
  const walk = (value: unknown, pointer: string): void => {
    const isMap = typeof value === 'object' && value !== null && !Array.isArray(value);
    const keys = isMap ? Object.keys(value) : [];
    // `$patch` / `$retainKeys` directives make the map one field for strategic merge.
    if (!isMap || keys.length === 0 || keys.some((key) => key.startsWith('$'))) {
      if (pointer !== '/metadata/resourceVersion') out.push(pointer);
      return;
    }
    for (const key of keys) walk((value as Record<string, unknown>)[key], `${pointer}/${escapeToken(key)}`);
  };
  walk(request.body, '');
  return out;
}
