import { describe, expect, it } from 'vitest';
import { formatConfigError, parseYaml, parseYamlStream } from './yaml-source.js';

describe('YamlDocument', () => {
  const { document } = parseYaml(
    `plain: abc def
single: 'abc def'
escaped: "a\\tb def"
block: |
  first line
    second line
map: { nested: [1, 2] }
`,
    'f.yaml',
  );

  it('locates keys of map entries and items of lists, or the deepest ancestor', () => {
    expect(document.positionOf(['map', 'nested', 1])).toEqual({ line: 7, column: 20 });
    expect(document.positionOf(['map', 'nested'])).toEqual({ line: 7, column: 8 });
    expect(document.positionOf(['map', 'missing', 'deeper'])).toEqual({ line: 7, column: 1 });
    expect(document.positionOf([])).toEqual({ line: 1, column: 1 });
  });

  it('maps an offset inside a string to its column, exactly where the source allows', () => {
    expect(document.positionInString(['plain'], 4)).toEqual({ line: 1, column: 12 });
    expect(document.positionInString(['single'], 4)).toEqual({ line: 2, column: 14 });
    // an escape sequence shifts source columns: fall back to the start of the value
    expect(document.positionInString(['escaped'], 4)).toEqual({ line: 3, column: 10 });
    expect(document.positionInString(['block'], 'first line\n  sec'.length)).toEqual({ line: 6, column: 8 });
  });

  it('formats errors with and without a position', () => {
    expect(formatConfigError(document.error(['map', 'nested'], 'bad'))).toBe('f.yaml:7:8: map.nested: bad');
    expect(formatConfigError({ file: 'f.yaml', path: '', message: 'cannot read' })).toBe('f.yaml: cannot read');
  });
});

describe('parseYamlStream', () => {
  it('skips empty documents and keeps positions across documents', () => {
    const { documents, errors } = parseYamlStream('---\n# only a comment\n---\na: 1\n---\nb: 2\n', 's.yaml');
    expect(errors).toEqual([]);
    expect(documents.map((document) => document.value())).toEqual([{ a: 1 }, { b: 2 }]);
    expect(documents[1]?.positionOf(['b'])).toEqual({ line: 6, column: 1 });
  });
});
