import { isRecord } from './json-pointer.js';

/** Which object a fix patches: what the finding names (`ResourceRef` without apiVersion). */
export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

/** One object inside a parsed value: the pointer prefix to it (`/items/3` in a List). */
export interface ObjectPlace {
  prefix: string;
}

/** The key objects are matched by: kind, namespace and name. */
export function refIndexKey(ref: ObjectRef): string {
  return JSON.stringify([ref.kind, ref.namespace ?? '', ref.name]);
}

function keyOf(value: unknown, listKind?: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  // Typed lists (PodList) leave the kind off their items.
  const kind = value.kind ?? (listKind && listKind !== 'List' ? listKind.slice(0, -'List'.length) : undefined);
  if (typeof kind !== 'string' || typeof metadata.name !== 'string') return undefined;
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  return refIndexKey({ kind, name: metadata.name, ...(namespace ? { namespace } : {}) });
}

/** Every object in one document's value, by key: the document itself, List items, or array elements. */
export function objectsIn(value: unknown): Array<{ key: string; place: ObjectPlace }> {
  const found: Array<{ key: string; place: ObjectPlace }> = [];
  const add = (item: unknown, prefix: string, listKind?: string): void => {
    const key = keyOf(item, listKind);
    if (key !== undefined) found.push({ key, place: { prefix } });
  };
  if (Array.isArray(value)) value.forEach((item, index) => add(item, `/${index}`));
  else if (isRecord(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
    const listKind = value.kind;
    value.items.forEach((item, index) => add(item, `/items/${index}`, listKind));
  } else add(value, '');
  return found;
}

/** Where `ref` sits in one document's value. */
export function placesIn(value: unknown, ref: ObjectRef): ObjectPlace[] {
  const key = refIndexKey(ref);
  return objectsIn(value)
    .filter((object) => object.key === key)
    .map((object) => object.place);
}
