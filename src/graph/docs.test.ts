import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC, renderGraphDoc } from '../../scripts/generate-graph-doc.js';

describe('docs/attack-paths.md', () => {
  it('lists every edge kind and query as the code defines them (run `npm run gen:graph-doc`)', () => {
    const text = readFileSync(DOC, 'utf8');
    expect(text).toBe(renderGraphDoc(text));
  });
});
