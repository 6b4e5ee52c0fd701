import type { CheckMeta, ScanResult } from '../model/index.js';
import { renderAsff } from './asff.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html/index.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { ReportOptions } from './report-options.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';

export type { AwsContext, ReportOptions } from './report-options.js';
export { AsffContextError, renderAsff, resolveAwsContext } from './asff.js';
export { renderCsv } from './csv.js';
export { renderHtml } from './html/index.js';
export { renderJson } from './json.js';
export { renderJunit } from './junit.js';
export { renderMarkdown } from './markdown.js';
export { renderSarif } from './sarif.js';
export { renderTable } from './table.js';
export { renderPaths, PATHS_FORMATS, type PathsFormat, type PathsReportOptions } from './paths-report.js';
export { DEFAULT_MAX_PATHS } from './report-options.js';

export const FORMATS = ['table', 'json', 'sarif', 'junit', 'csv', 'asff', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];
/** The same as `Format`, for callers that import several kinds of format. */
export type ReportFormat = Format;

export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === 'string' && (FORMATS as readonly string[]).includes(value);
}

type Reporter = (result: ScanResult, catalogue: readonly CheckMeta[], options: ReportOptions) => string;

const REPORTERS: Record<ReportFormat, Reporter> = {
  table: renderTable,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  csv: renderCsv,
  asff: renderAsff,
  markdown: renderMarkdown,
  html: renderHtml,
};

/** Renders one scan in one format. Pure: same input, same bytes; printing is the CLI's job. */
export function renderReport(
  format: ReportFormat,
  result: ScanResult,
  catalogue: readonly CheckMeta[],
  options: ReportOptions,
): string {
  return REPORTERS[format](result, catalogue, options);
}
