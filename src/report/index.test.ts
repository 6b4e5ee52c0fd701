import { describe, expect, it } from 'vitest';
import {
  FORMATS,
  isReportFormat,
  renderAsff,
  renderCsv,
  renderHtml,
  renderJson,
  renderJunit,
  renderMarkdown,
  renderReport,
  renderSarif,
  renderTable,
} from './index.js';
import { defaultOptions as baseOptions, sampleCatalogue, sampleResult } from './test-support/sample-result.js';

// ASFF needs the account and region; the other formats ignore them.
const defaultOptions = { ...baseOptions, aws: { accountId: '111122223333', region: 'eu-west-1' } };

describe('renderReport', () => {
  it('dispatches every format to its reporter', () => {
    const reporters = {
      table: renderTable,
      json: renderJson,
      sarif: renderSarif,
      junit: renderJunit,
      csv: renderCsv,
      asff: renderAsff,
      markdown: renderMarkdown,
      html: renderHtml,
    };
    expect([...FORMATS]).toEqual(['table', 'json', 'sarif', 'junit', 'csv', 'asff', 'markdown', 'html']);
    for (const format of FORMATS) {
      expect(renderReport(format, sampleResult(), sampleCatalogue, defaultOptions)).toBe(
        reporters[format](sampleResult(), sampleCatalogue, defaultOptions),
      );
    }
  });

  it('does not change the scan it renders', () => {
    const scan = sampleResult();
    const before = structuredClone(scan);
    for (const format of FORMATS) renderReport(format, scan, sampleCatalogue, { ...defaultOptions, includePassed: true });
    expect(scan).toEqual(before);
  });

  it('recognises format names', () => {
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('html')).toBe(true);
    expect(isReportFormat('pdf')).toBe(false);
    expect(isReportFormat(undefined)).toBe(false);
  });
});
