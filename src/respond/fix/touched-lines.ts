import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import type { JsonPatchOperation } from '../../model/index.js';
import { parsePointer } from './json-pointer.js';
import { placesIn, type ObjectRef } from './locate-object.js';
import { TextLines } from './yaml-style.js';

/** Lines `from`..`to` (1-based, inclusive) of the original text an operation may rewrite. */
export interface LineRange {
  from: number;
  to: number;
}

/**
 * For each operation on `ref` in a YAML text, the lines of the deepest node its path reaches
 * (with its key's line): a format-preserving fix may rewrite those and must leave every other
 * line of the original as it was. Tests use it to check fixes.
 */
export function touchedLineRanges(text: string, ref: ObjectRef, operations: readonly JsonPatchOperation[]): LineRange[] {
  const lines = new TextLines(text);
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
  const ranges: LineRange[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0 || !document.contents) continue;
    const place = placesIn(document.toJS(), ref)[0];
    if (!place) continue;
    for (const operation of operations) {
      const paths = [operation.path, ...('from' in operation ? [operation.from] : [])];
      for (const path of paths) {
        let node = document.contents as Node;
        let start = (node.range as [number, number, number])[0];
        const segments = parsePointer(place.prefix + path);
        const removing = operation.op === 'remove' || ('from' in operation && path === operation.from);
        // A removal rewrites only its entry, unless it empties a block collection, which then
        // becomes `{}` or `[]` on its key's line: the parent is rewritten.
        let parent = { node, start };
        for (const segment of segments) {
          let next: Node | undefined;
          let keyStart: number | undefined;
          if (isMap(node)) {
            const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment);
            next = (pair?.value as Node | undefined) ?? undefined;
            keyStart = (pair?.key as Node | undefined)?.range?.[0];
          } else if (isSeq(node) && /^\d+$/.test(segment)) {
            next = node.items[Number(segment)] as Node | undefined;
          }
          if (!next?.range) break;
          parent = { node, start };
          node = next;
          start = keyStart ?? next.range[0];
        }
        const emptied = (isMap(parent.node) || isSeq(parent.node)) && parent.node.items.length <= 1;
        if (removing && emptied) ({ node, start } = parent);
        const range = node.range as [number, number, number];
        ranges.push({ from: lineOf(start), to: lineOf(lines.contentEnd(range[0], range[1])) });
      }
    }
    break;
  }
  return ranges;
}
