/**
 * RFC 6902 patches that set keys of a pod's metadata.labels or metadata.annotations, and the
 * patches that put them back. Both start with a `test` of the pod's uid, so a pod deleted and
 * recreated under the same name (a StatefulSet's) is never touched by mistake; the reversing
 * patch also tests that each value is still the one the action set, so it does not clobber a
 * later change.
 */
import type { K8sObject } from '../../model/index.js';

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'test';
  path: string;
  value?: unknown;
}

/** RFC 6901: `~` → `~0`, `/` → `~1` (label keys such as `eksguard.io/quarantine` hold a slash). */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export interface MetadataPatch {
  apply: JsonPatchOperation[];
  undo: JsonPatchOperation[];
  /** The keys whose value changes (the others already have the wanted value). */
  changed: string[];
}

/** The patch setting `wanted` on `object`'s map; undefined when every key already has its value. */
export function metadataPatch(object: K8sObject, field: 'labels' | 'annotations', wanted: Record<string, string>): MetadataPatch | undefined {
  const current = object.metadata?.[field];
  const changed = Object.keys(wanted).filter((key) => current?.[key] !== wanted[key]);
  if (changed.length === 0) return undefined;
  const base = `/metadata/${field}`;
  const guard = uidTest(object);
  const apply: JsonPatchOperation[] = [...guard];
  if (current === undefined) {
    // No map yet: adding each key would fail (its parent does not exist), so add the map.
    apply.push({ op: 'add', path: base, value: Object.fromEntries(changed.map((key) => [key, wanted[key]])) });
  } else {
    for (const key of changed) apply.push({ op: 'add', path: `${base}/${escapePointer(key)}`, value: wanted[key] });
  }
  const undo: JsonPatchOperation[] = [...guard];
  for (const key of changed) {
    const path = `${base}/${escapePointer(key)}`;
    undo.push({ op: 'test', path, value: wanted[key] });
    const previous = current?.[key];
    undo.push(previous === undefined ? { op: 'remove', path } : { op: 'replace', path, value: previous });
  }
  return { apply, undo, changed };
}

function uidTest(object: K8sObject): JsonPatchOperation[] {
  const uid = object.metadata?.uid;
  return typeof uid === 'string' && uid !== '' ? [{ op: 'test', path: '/metadata/uid', value: uid }] : [];
}
