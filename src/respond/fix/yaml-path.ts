import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, visit, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { arrayIndex, FixError, toPointer } from './json-pointer.js';

/** Where an operation lands: the collection that changes and the entry in it. */
export type Slot =
  | { kind: 'pair'; parent: YAMLMap; pair: Pair; key: string }
  | { kind: 'new-key'; parent: YAMLMap; key: string }
  | { kind: 'item'; parent: YAMLSeq; index: number }
  | { kind: 'new-item'; parent: YAMLSeq; index: number };

/** Anchors some alias refers to: changing what they name would change every alias too. */
export function sharedAnchors(document: Document): Set<string> {
  const shared = new Set<string>();
  visit(document, {
    Alias(_, alias) {
      shared.add(alias.source);
    },
  });
  return shared;
}

function refuseShared(node: Node, shared: ReadonlySet<string>, where: string): void {
  if (node.anchor && shared.has(node.anchor)) {
    throw new FixError(`${where} is anchor &${node.anchor}, which aliases elsewhere reuse: changing it would change them too; edit it by hand`);
  }
}

function mapPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair): pair is Pair => isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key);
}

function stepInto(node: unknown, segment: string, segments: readonly string[], depth: number): Node {
  const where = toPointer(segments.slice(0, depth + 1));
  if (isAlias(node)) throw new FixError(`${toPointer(segments.slice(0, depth))} is an alias (*${node.source}): changing it would change the anchored node and every alias of it; edit it by hand`);
  if (isMap(node)) {
    const pair = mapPair(node, segment);
    if (!pair) {
      if (mapPair(node, '<<')) throw new FixError(`${where} may come from a merge key (<<); edit it by hand`);
      throw new FixError(`path ${where} does not exist`);
    }
    if (!isCollection(pair.value) && !isScalar(pair.value) && !isAlias(pair.value)) throw new FixError(`path ${where} does not exist`);
    return pair.value;
  }
  if (isSeq(node)) return node.items[arrayIndex(segment, node.items.length, false)] as Node;
  throw new FixError(`path ${where} does not exist`);
}

/**
 * Walks `segments` and returns the slot of the last one. Refuses paths through an alias or
 * into a node whose anchor is reused: the change would reach other objects.
 */
export function resolveSlot(document: Document, segments: readonly string[], creating: boolean): Slot {
  const shared = sharedAnchors(document);
  if (segments.length === 0) throw new FixError('operations on the whole object are not supported');
  let node = document.contents as unknown;
  for (let depth = 0; depth < segments.length - 1; depth++) {
    if (isCollection(node)) refuseShared(node, shared, toPointer(segments.slice(0, depth)) || 'the object');
    node = stepInto(node, segments[depth] as string, segments, depth);
  }
  const parentPointer = toPointer(segments.slice(0, -1)) || 'the object';
  if (isAlias(node)) throw new FixError(`${parentPointer} is an alias (*${node.source}): changing it would change the anchored node and every alias of it; edit it by hand`);
  if (isCollection(node)) refuseShared(node, shared, parentPointer);
  const last = segments[segments.length - 1] as string;
  if (isMap(node)) {
    const pair = mapPair(node, last);
    if (pair) {
      if (isCollection(pair.value) || isScalar(pair.value)) refuseShared(pair.value, shared, toPointer(segments));
      return { kind: 'pair', parent: node, pair, key: last };
    }
    if (!creating) {
      if (mapPair(node, '<<')) throw new FixError(`${toPointer(segments)} may come from a merge key (<<); edit it by hand`);
      throw new FixError(`path ${toPointer(segments)} does not exist`);
    }
    if (mapPair(node, '<<')) throw new FixError(`${parentPointer} has a merge key (<<): adding to it by hand is safer`);
    return { kind: 'new-key', parent: node, key: last };
  }
  if (isSeq(node)) {
    const index = arrayIndex(last, node.items.length, creating);
    if (creating) return { kind: 'new-item', parent: node, index };
    const item = node.items[index];
    if (isCollection(item) || isScalar(item)) refuseShared(item, shared, toPointer(segments));
    return { kind: 'item', parent: node, index };
  }
  throw new FixError(`${parentPointer} is not a mapping or sequence`);
}
