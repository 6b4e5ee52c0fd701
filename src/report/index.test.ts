import { describe, expect, it } from 'vitest';
import { FORMATS, isReportFormat, renderJson, renderJunit, renderReport, renderSarif, renderTable } from './index.js';
import { defaultOptions, sampleCatalogue, sampleResult } from './test-support/sample-result.js';

describe('renderReport', () => {
  it('dispatches every format to its reporter', () => {
    const reporters = { table: renderTable, json: renderJson, sarif: renderSarif, junit: renderJunit };
    expect([...FORMATS]).toEqual(['table', 'json', 'sarif', 'junit']);
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
    expect(isReportFormat('html')).toBe(false);
    expect(isReportFormat(undefined)).toBe(false);
  });
});
