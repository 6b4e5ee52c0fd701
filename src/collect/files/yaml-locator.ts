import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { PathSegment } from '../../model/index.js';

/**
 * Lines of evidence paths in one YAML text (a document or a slice of one), parsed with the
 * positional `yaml` parser only when a finding needs it. A path that does not exist in full
 * (the finding is about a missing field) resolves to its deepest existing ancestor.
 */
export function locateYamlPaths(
  text: string,
  paths: readonly (readonly PathSegment[])[],
): Array<number | undefined> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, keepSourceTokens: false, uniqueKeys: false });
  return paths.map((path) => {
    const offset = deepestOffset(document.contents, path);
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  });
}

function deepestOffset(root: Node | null, path: readonly PathSegment[]): number | undefined {
  let node: unknown = root;
  let offset = (root)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => {
        const key = item.key as { value?: unknown } | null;
        return key !== null && typeof key === 'object' && String(key.value) === String(segment);
      });
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/**
 * Start offsets of the entries of a top-level `items:` sequence (as `kubectl get -o yaml`
 * writes), found by indentation alone so a 50 MB List needs no positional parse. Returns
 * undefined when the layout is not the plain one; the caller then parses the whole document.
 */
export function yamlListItemOffsets(text: string, expectedCount: number): number[] | undefined {
  const itemsKey = /^items:[ \t]*(#.*)?\r?$/m.exec(text);
  if (!itemsKey) return undefined;
  const offsets: number[] = [];
  let position = itemsKey.index + itemsKey[0].length + 1;
  let indent: number | undefined;
  while (position < text.length) {
    let end = text.indexOf('\n', position);
    if (end < 0) end = text.length;
    const line = text.slice(position, end);
    const content = line.trimStart();
    if (content !== '' && !content.startsWith('#')) {
      const lineIndent = line.length - content.length;
      if (indent === undefined) {
        if (!content.startsWith('-')) return undefined;
        indent = lineIndent;
      }
      if (lineIndent === indent && /^-(\s|$)/.test(content)) offsets.push(position);
      else if (lineIndent < indent || (lineIndent === indent && !content.startsWith('-'))) break;
    }
    position = end + 1;
  }
  return offsets.length === expectedCount ? offsets : undefined;
}
