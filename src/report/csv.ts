import type { CheckMeta, CheckResult, ScanResult } from '../model/index.js';
import { sortedRefs } from './refs.js';
import type { ReportOptions } from './report-options.js';
import { shownResults } from './results-shown.js';

/** The columns, in order; the header row names them exactly so. */
export const CSV_COLUMNS = [
  'severity',
  'riskScore',
  'checkId',
  'title',
  'status',
  'kind',
  'namespace',
  'name',
  'container',
  'path',
  'file',
  'line',
  'message',
  'remediation',
  'frameworks',
  'waived',
  'fingerprint',
] as const;

/**
 * One row per result shown (every status but pass, unless --include-passed), in the order the
 * JSON report lists them. RFC 4180: CRLF line ends, a header row, fields with a comma, quote, CR
 * or LF in double quotes with quotes doubled. Text that starts like a spreadsheet formula gets a
 * leading `'` (see `neutralizeFormula`): names and messages come from the cluster.
 */
export function renderCsv(result: ScanResult, _catalogue: readonly CheckMeta[], options: ReportOptions): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const entry of shownResults(result, options)) rows.push(rowOf(entry));
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function rowOf(entry: CheckResult): string[] {
  const cells: Record<(typeof CSV_COLUMNS)[number], string | number | undefined> = {
    severity: entry.severity,
    riskScore: entry.riskScore,
    checkId: entry.checkId,
    title: entry.title,
    status: entry.status,
    kind: entry.resource.kind,
    namespace: entry.resource.namespace,
    name: entry.resource.name,
    container: entry.container,
    path: entry.path,
    file: entry.location?.file,
    line: entry.location?.line,
    message: entry.message,
    remediation: entry.remediation,
    frameworks: frameworksOf(entry.refs),
    waived: entry.waived?.reason,
    fingerprint: entry.fingerprint,
  };
  return CSV_COLUMNS.map((column) => {
    const value = cells[column];
    if (value === undefined) return '';
    return typeof value === 'number' ? String(value) : neutralizeFormula(value);
  });
}

/** `cis-eks-1.8:4.2.1;pss:baseline`: one `framework:control` per control, frameworks in id order. */
export function frameworksOf(refs: Record<string, string[]>): string {
  return Object.entries(sortedRefs(refs))
    .flatMap(([framework, controls]) => controls.map((control) => `${framework}:${control}`))
    .join(';');
}

/**
 * CSV (formula) injection: Excel, LibreOffice and Google Sheets evaluate a cell that starts with
 * `=`, `+`, `-` or `@` (and some a tab or CR before them) as a formula, so a resource named
 * `=cmd|' /C calc'!A0` could run commands when the report is opened. Such text gets a leading `'`,
 * which spreadsheets show as text and hide. Numbers (riskScore, line) are written as they are.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180 §2: quote a field holding a comma, quote, CR or LF, and double its quotes. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
