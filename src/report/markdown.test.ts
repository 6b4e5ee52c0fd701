import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../model/index.js';
import { MARKDOWN_MARKER, MARKDOWN_MAX_ROWS, markdownCell, renderMarkdown } from './markdown.js';
import { expectGolden, hostileScan } from './test-support/golden.js';
import { defaultOptions, emptyScan, sampleCatalogue, sampleResult, sampleResults, sampleWithPaths, scanOf } from './test-support/sample-result.js';

function tableRows(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('| ') && /^\| (critical|high|medium|low|info) \|/.test(line));
}

/** Cells of a table row, split on unescaped pipes. */
function cells(row: string): string[] {
  return row
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((cell) => cell.trim());
}

describe('renderMarkdown', () => {
  it('matches the golden file for the sample scan with attack paths', () => {
    expectGolden('sample.md', renderMarkdown(sampleWithPaths(), sampleCatalogue, defaultOptions));
  });

  it('is the same for the same scan, whatever order the results come in', () => {
    const scan = sampleWithPaths();
    const reversed = { ...scan, results: [...scan.results].reverse() };
    expect(renderMarkdown(reversed, sampleCatalogue, defaultOptions)).toBe(renderMarkdown(scan, sampleCatalogue, defaultOptions));
    expect(renderMarkdown(scan, sampleCatalogue, defaultOptions)).not.toMatch(/2025-06-02|0\.1\.0/);
  });

  it('lists open failures only, riskiest first, and no paths section without the graph', () => {
    const text = renderMarkdown(sampleResult(), sampleCatalogue, defaultOptions);
    expect(text.startsWith(`${MARKDOWN_MARKER}\n## eksguard scan\n`)).toBe(true);
    expect(text).not.toContain('Attack paths');
    const rows = tableRows(text).filter((row) => /wl-|netpol-/.test(row));
    expect(rows.map((row) => cells(row)[2])).toEqual(['wl-privileged', 'wl-run-as-root', 'netpol-namespace-none', 'wl-image-latest', 'wl-limits-missing']);
    expect(text).not.toContain('aws-node');
    expect(text).toContain('Also: 1 waived, 1 check error, 2 not evaluated, 2 input errors, 1 expired exception.');
  });

  it('says so when nothing is open', () => {
    const text = renderMarkdown(emptyScan(), [], defaultOptions);
    expect(text).toContain('**No open findings**');
    expect(text).not.toContain('### Open findings');
  });

  it(`caps the table at ${MARKDOWN_MAX_ROWS} rows`, () => {
    const [first] = sampleResults();
    if (!first) throw new Error('empty sample');
    const many: CheckResult[] = Array.from({ length: 57 }, (_, index) => ({
      ...first,
      resource: { ...first.resource, name: `web-${String(index).padStart(2, '0')}` },
      fingerprint: String(index).padStart(32, '0'),
    }));
    const text = renderMarkdown(scanOf(many), sampleCatalogue, defaultOptions);
    expect(tableRows(text).filter((row) => row.includes('wl-privileged'))).toHaveLength(MARKDOWN_MAX_ROWS);
    expect(text).toContain('… and 7 more (see the full report).');
    expect(text).toContain('web-00');
    expect(text).not.toContain('web-56');
  });

  it('lists at most --paths attack paths, and none with 0', () => {
    const text = renderMarkdown(sampleWithPaths(), sampleCatalogue, { ...defaultOptions, maxPaths: 1 });
    expect(text).toContain('### Attack paths (1 of 2)');
    expect(renderMarkdown(sampleWithPaths(), sampleCatalogue, { ...defaultOptions, maxPaths: 0 })).not.toContain('Attack paths');
  });

  it('keeps hostile values inside their cell, without HTML, links or mentions', () => {
    const text = renderMarkdown(hostileScan(), sampleCatalogue, defaultOptions);
    expectGolden('hostile.md', text);
    const [row, ...others] = tableRows(text);
    expect(others).toEqual([]);
    expect(row).toBeDefined();
    expect(cells(row ?? '')).toHaveLength(6);
    expect(text).not.toMatch(/<script|<\/script/);
    expect(text).not.toMatch(/(?<!\\)\[link(?<!\\)\]/);
    expect(text).not.toContain('@acme');
    expect(text).not.toContain('\r');
    expect(text).toContain('🚀');
    expect(text).not.toContain('\u202E');
    expect(text).toContain('U+202E');
  });

  it('escapes cell text', () => {
    expect(markdownCell('a|b')).toBe('a\\|b');
    expect(markdownCell('`x`')).toBe('\\`x\\`');
    expect(markdownCell('<b>&')).toBe('&lt;b&gt;&amp;');
    expect(markdownCell('[a](b)')).toBe('\\[a\\](b)');
    expect(markdownCell('*_~\\')).toBe('\\*\\_\\~\\\\');
    expect(markdownCell('@team')).toBe('&#64;team');
    expect(markdownCell('one\r\ntwo\u0007')).toBe('one two ');
  });

  it('adds the chosen framework\'s score and failing controls, and nothing without --framework', () => {
    const scan = sampleWithPaths();
    scan.compliance = [
      {
        framework: 'cis-eks-1.8',
        title: 'CIS Amazon EKS Benchmark',
        version: '1.8.0',
        score: 66.66,
        counts: { pass: 2, fail: 1, manual: 5, 'not-evaluated': 3 },
        controls: [
          { id: '4.2.1', title: 'Minimize the admission of privileged | containers', status: 'fail', checkIds: ['wl-privileged'], failures: 2, passes: 0 },
          { id: '4.2.2', title: 'Minimize hostPID', status: 'pass', checkIds: ['wl-host-pid'], failures: 0, passes: 3 },
        ],
      },
    ];
    const text = renderMarkdown(scan, sampleCatalogue, { ...defaultOptions, framework: 'cis-eks-1.8' });
    expect(text).toContain('### Compliance: CIS Amazon EKS Benchmark 1.8.0\n\nScore **66.7%** (2 pass, 1 fail, 5 manual, 3 not-evaluated).');
    expect(text).toContain('| 4.2.1 | 2 | Minimize the admission of privileged \\| containers |');
    expect(text).not.toContain('4.2.2');
    expect(renderMarkdown(scan, sampleCatalogue, defaultOptions)).not.toContain('Compliance');
  });
});
