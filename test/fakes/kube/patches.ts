/**
 * The three PATCH bodies the API server accepts from clients (server-side apply aside), applied
 * to a stored object as the server does before it validates and stores the result.
 */
import fastJsonPatch, { type Operation } from 'fast-json-patch';

// A CommonJS package: named imports work under vitest but not under Node's ESM loader (the benches run through tsx).
const { applyPatch, JsonPatchError } = fastJsonPatch;

export const PATCH_CONTENT_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;

export type PatchOutcome =
  | { ok: true; object: Record<string, unknown> }
  /** `bad`: the body is not a patch of that type (400); `failed`: it could not be applied (422). */
  | { ok: false; kind: 'bad' | 'failed'; message: string };

/** Applies `body` (already parsed JSON) of the given patch content type to a copy of `object`. */
export function applyPatchBody(object: Record<string, unknown>, contentType: string, body: unknown): PatchOutcome {
  const copy = structuredClone(object);
  if (contentType === PATCH_CONTENT_TYPES.json) {
    if (!Array.isArray(body)) return { ok: false, kind: 'bad', message: `json: cannot unmarshal ${jsonType(body)} into Go value of type jsonpatch.Patch` };
    try {
      const result = applyPatch(copy, body as Operation[], true, true, true);
      return { ok: true, object: result.newDocument };
    } catch (error) {
      // A failed `test`, a path that does not resolve, a malformed operation: the apiserver
      // answers all of them with the same 422, its message hiding json-patch's own.
      if (error instanceof JsonPatchError) return { ok: false, kind: 'failed', message: `${error.name}: ${error.message}` };
      throw error;
    }
  }
  if (!isMap(body)) return { ok: false, kind: 'bad', message: `json: cannot unmarshal ${jsonType(body)} into Go value of type map[string]interface {}` };
  if (contentType === PATCH_CONTENT_TYPES.merge) return { ok: true, object: mergePatch(copy, body) };
  if (contentType === PATCH_CONTENT_TYPES.strategic) {
    const directive = findDirective(body);
    if (directive) return { ok: false, kind: 'bad', message: `the fake API server does not implement the strategic merge patch directive ${directive}` };
    return { ok: true, object: mergePatch(copy, body) };
  }
  throw new Error(`not a patch content type: ${contentType}`);
}

/**
 * RFC 7386 JSON merge patch: objects merge key by key, `null` deletes, anything else (arrays
 * included) replaces.
 *
 * Strategic merge patch is served with the same function: for maps (metadata.labels and
 * annotations, spec fields like `unschedulable` and `replicas`) it behaves like a merge patch,
 * which is all the response actions send. What it leaves out: lists merged by their
 * patchMergeKey (containers by name, tolerations, ...) — here a list replaces the old one — and
 * the `$patch`/`$retainKeys`/`$setElementOrder` directives, which are refused.
 */
export function mergePatch(target: unknown, patch: unknown): Record<string, unknown> {
  return merge(target, patch) as Record<string, unknown>;
}

function merge(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isMap(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = merge(result[key], value);
  }
  return result;
}

function findDirective(patch: unknown): string | undefined {
  if (Array.isArray(patch)) {
    for (const item of patch) {
      const found = findDirective(item);
      if (found) return found;
    }
    return undefined;
  }
  if (!isMap(patch)) return undefined;
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) return key;
    const found = findDirective(value);
    if (found) return found;
  }
  return undefined;
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON type name Go's encoding/json reports in its unmarshal errors. */
function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}
