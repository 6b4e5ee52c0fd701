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

function sameRef(value: unknown, ref: ObjectRef, listKind?: string): boolean {
  if (!isRecord(value)) return false;
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  // Typed lists (PodList) leave the kind off their items.
  const kind = value.kind ?? (listKind && listKind !== 'List' ? listKind.slice(0, -'List'.length) : undefined);
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  return kind === ref.kind && metadata.name === ref.name && namespace === ref.namespace;
}

/** Where `ref` sits in one document's value: the document itself, a List item, or an array element. */
export function placesIn(value: unknown, ref: ObjectRef): ObjectPlace[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => (sameRef(item, ref) ? [{ prefix: `/${index}` }] : []));
  }
  if (isRecord(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
    const listKind = value.kind;
    return value.items.flatMap((item, index) => (sameRef(item, ref, listKind) ? [{ prefix: `/items/${index}` }] : []));
  }
  return sameRef(value, ref) ? [{ prefix: '' }] : [];
}
