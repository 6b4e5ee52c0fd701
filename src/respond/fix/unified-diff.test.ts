import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './unified-diff.js';

const whole = (before: string, after: string): string => createTwoFilesPatch('a/x.yaml', 'b/x.yaml', before, after, '', '', { context: 3 }).replace(/^=+\n/, '');

function documents(count: number, edit: (index: number, lines: string[]) => void = () => {}): string {
  const parts: string[] = [];
  for (let index = 0; index < count; index++) {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: c${index}`, '  namespace: shop', 'data:', '  a: "1"', '  b: "2"', '  c: "3"', '  d: "4"'];
    edit(index, lines);
    parts.push(lines.join('\n') + '\n');
  }
  return parts.join('---\n');
}

describe('unifiedDiff', () => {
  it('gives the whole-file diff when the hunks stay inside their documents', () => {
    const before = documents(30);
    const after = documents(30, (index, lines) => {
      if (index % 7 === 3) lines.splice(7, 1, '  b: "two"', '  b2: "2"');
      if (index === 20) lines.splice(4, 1);
      // Across a separator: the end of one document and the start of the next share a hunk.
      if (index === 10) lines.push('  z: "9"');
      if (index === 11) lines[0] = 'apiVersion: v1 # changed';
    });
    expect(unifiedDiff('x.yaml', before, after)).toBe(whole(before, after));
  });

  it('keeps CRLF lines, and a missing final newline, as the whole-file diff does', () => {
    const before = documents(3).replace(/\n/g, '\r\n');
    const after = before.replace('c: "3"\r\n  d: "4"', 'c: "3"\r\n  d: "four"').replace(/ {2}d: "4"\r\n$/, '  d: "last"\r\n');
    expect(unifiedDiff('x.yaml', before, after)).toBe(whole(before, after));
    const unterminated = before.replace(/\r\n$/, '');
    expect(unifiedDiff('x.yaml', unterminated, unterminated.replace(/d: "4"$/, 'd: "end"'))).toBe(whole(unterminated, unterminated.replace(/d: "4"$/, 'd: "end"')));
  });

  it('falls back to the whole-file diff when the documents no longer line up', () => {
    const before = documents(3);
    const after = before.replace('  name: c1\n', '  name: c1\n---\n');
    expect(unifiedDiff('x.yaml', before, after)).toBe(whole(before, after));
  });

  it('is empty for an unchanged file and applies as a patch (hunk lines add up)', () => {
    expect(unifiedDiff('x.yaml', documents(2), documents(2))).toBe('');
    const before = documents(4);
    const after = documents(4, (index, lines) => {
      if (index === 0) lines.push('  e: "5"');
      if (index === 1) lines.unshift('# first');
    });
    const diff = unifiedDiff('x.yaml', before, after);
    for (const match of diff.matchAll(/^@@ -(\d+),(\d+) \+(\d+),(\d+) @@\n((?:[ +-\\].*\n?)*)/gm)) {
      const body = match[5]!.split('\n').filter((line) => line !== '');
      expect(body.filter((line) => !line.startsWith('+')).length).toBe(Number(match[2]));
      expect(body.filter((line) => !line.startsWith('-')).length).toBe(Number(match[4]));
    }
    expect(diff).toContain('+  e: "5"');
    expect(diff).toContain('+# first');
  });
});
