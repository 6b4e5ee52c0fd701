/**
 * Limits that keep hostile input from exhausting the scanner: nesting depth, and the size a
 * document reaches once YAML aliases are expanded (the "billion laughs" bomb).
 */
export const MAX_DEPTH = 200;
export const MAX_EXPANDED_NODES = 2_000_000;

export function structureProblem(value: unknown, hasAnchors: boolean): string | undefined {
  if (hasAnchors) {
    const sizes = new Map<object, number>();
    // Nodes as written (each collection once, scalars included): what the text itself holds.
    let written = 1;
    const size = (node: unknown, depth: number): number => {
      if (node === null || typeof node !== 'object') return 1;
      if (depth > MAX_DEPTH) throw new DepthError();
      const known = sizes.get(node);
      if (known !== undefined) return known;
      let total = 1;
      for (const child of Object.values(node)) {
        const childSize = size(child, depth + 1);
        if (child === null || typeof child !== 'object') written++;
        total += childSize;
        if (total > MAX_EXPANDED_NODES) break;
      }
      written++;
      sizes.set(node, total);
      return total;
    };
    try {
      const total = size(value, 0);
      if (total > MAX_EXPANDED_NODES && total > written * 10) {
        return `YAML aliases expand to over ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes (alias bomb?)`;
      }
    } catch (error) {
      if (error instanceof DepthError) return `nesting deeper than ${MAX_DEPTH} levels`;
      throw error;
    }
    return undefined;
  }
  return tooDeep(value) ? `nesting deeper than ${MAX_DEPTH} levels` : undefined;
}

class DepthError extends Error {}

/** Iterative, so the check itself cannot overflow the stack. */
function tooDeep(root: unknown): boolean {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_DEPTH) return true;
    for (const child of Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
