import { describe, expect, it } from 'vitest';
import { printable, printableResult } from './terminal-text.js';
import { sampleResults } from './test-support/sample-result.js';

describe('printable', () => {
  it('shows C0, DEL and C1 controls as \\xNN and leaves the rest', () => {
    expect(printable('a\u001b[31mb\u0007c\nd\te\u007ff\u009bg')).toBe('a\\x1B[31mb\\x07c\\x0Ad\\x09e\\x7Ff\\x9Bg');
    expect(printable('déjà vu · ✓ 日本')).toBe('déjà vu · ✓ 日本');
  });
});

describe('printableResult', () => {
  it('cleans every field that quotes the input, and leaves the original alone', () => {
    const [base] = sampleResults();
    const dirty = {
      ...base!,
      message: 'm\u001b',
      container: 'c\u001b',
      path: 'p\u001b',
      resource: { kind: 'K\u001b', namespace: 'n\u001b', name: 'x\u001b' },
      location: { file: 'f\u001b', line: 1, helmSource: 'h\u001b' },
      waived: { reason: 'r\u001b', source: 's\u001b' },
    };
    const clean = printableResult(dirty);
    expect(JSON.stringify(clean)).not.toContain('\\u001b');
    expect(clean.resource).toEqual({ kind: 'K\\x1B', namespace: 'n\\x1B', name: 'x\\x1B' });
    expect(clean.location).toEqual({ file: 'f\\x1B', line: 1, helmSource: 'h\\x1B' });
    expect(dirty.message).toBe('m\u001b');
  });
});
