import type { EvidencePath, JsonPatchOperation, K8sObject } from '../../model/index.js';
import { getIn } from '../../inventory/index.js';
import { toJsonPointer } from '../../inventory/evidence-path.js';

/**
 * One RFC 6902 operation that sets `path` in `object` to `value`: `add` at the first missing
 * ancestor (with the rest nested inside it), since `add` fails when a parent is absent; `replace`
 * when the field is already there.
 */
export function setFieldOperation(object: K8sObject, path: EvidencePath, value: unknown): JsonPatchOperation {
  for (let depth = 1; depth <= path.length; depth++) {
    const prefix = path.slice(0, depth);
    const current = getIn(object, prefix);
    if (current !== undefined && current !== null) continue;
    let nested = value;
    for (const segment of [...path.slice(depth)].reverse()) nested = { [segment]: nested };
    return { op: 'add', path: toJsonPointer(prefix), value: nested };
  }
  return { op: 'replace', path: toJsonPointer(path), value };
}
