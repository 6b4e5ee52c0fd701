import { AREAS, SEVERITIES, STATUSES, type CheckResult, type ScanResult } from '../../model/index.js';
import { barChart } from './charts.js';
import { escapeHtml } from './escape.js';

/** Headline counts, the two charts, and what could not be read. */
export function summarySection(result: ScanResult): string {
  const { summary } = result;
  const tiles: [string, number][] = [
    ['resources', summary.resources],
    ['checks', summary.checks],
    ...STATUSES.map((status): [string, number] => [status, summary.byStatus[status] ?? 0]),
    ['waived', summary.waived],
    ['input errors', summary.inputErrors],
  ];
  const severityBars = SEVERITIES.map((severity) => ({
    label: severity,
    value: summary.failuresBySeverity[severity] ?? 0,
    tone: `sev-${severity}`,
  }));
  return (
    `<section id="summary"><h2>Summary</h2>` +
    `<dl class="tiles">${tiles.map(([label, value]) => `<div><dt>${escapeHtml(label)}</dt><dd>${value}</dd></div>`).join('')}</dl>` +
    `<div class="charts">${barChart('Open failures by severity', severityBars)}${barChart('Open failures by area', areaBars(result.results))}</div>` +
    problems(result) +
    `</section>`
  );
}

/** Areas with at least one open failure, in catalogue order. */
function areaBars(results: readonly CheckResult[]): { label: string; value: number; tone: string }[] {
  const counts = new Map<string, number>();
  for (const entry of results) {
    if (entry.status === 'fail' && !entry.waived) counts.set(entry.area, (counts.get(entry.area) ?? 0) + 1);
  }
  const known = AREAS.filter((area) => counts.has(area)).map((area) => ({ label: area, value: counts.get(area) ?? 0, tone: 'area' }));
  return known.length > 0 ? known : [{ label: 'none', value: 0, tone: 'area' }];
}

function problems(result: ScanResult): string {
  const parts: string[] = [];
  if (result.inputErrors.length > 0) {
    const items = result.inputErrors.map(
      (error) => `<li><code>${escapeHtml(error.file)}${error.line === undefined ? '' : `:${error.line}`}</code> ${escapeHtml(error.message)}</li>`,
    );
    parts.push(`<h3>Input that could not be read</h3><ul class="problems">${items.join('')}</ul>`);
  }
  if (result.expiredExceptions.length > 0) {
    const items = result.expiredExceptions.map(
      (entry) =>
        `<li><code>${escapeHtml(entry.checkId)}</code> expired ${escapeHtml(entry.expires)} (${escapeHtml(entry.source)}): ${escapeHtml(entry.reason)}</li>`,
    );
    parts.push(`<h3>Expired exceptions</h3><ul class="problems">${items.join('')}</ul>`);
  }
  return parts.join('');
}
