import { CONTROL_STATUSES, type ComplianceReport, type ControlResult } from '../../model/index.js';
import type { ReportOptions } from '../report-options.js';
import { scoreGauge } from './charts.js';
import { escapeHtml } from './escape.js';

/** The frameworks to show: only the one chosen with --framework, else every one measured. */
export function shownFrameworks(reports: readonly ComplianceReport[] | undefined, options: ReportOptions): ComplianceReport[] {
  const all = reports ?? [];
  return options.framework === undefined ? [...all] : all.filter((report) => report.framework === options.framework);
}

/** Score per framework with its status counts, and the controls behind it (collapsed). */
export function complianceSection(reports: readonly ComplianceReport[]): string {
  if (reports.length === 0) return '';
  return `<section id="compliance"><h2>Compliance</h2>${reports.map(frameworkBlock).join('')}</section>`;
}

function frameworkBlock(report: ComplianceReport): string {
  const score = report.score === null ? 'no decided controls' : `${report.score}%`;
  const counts = CONTROL_STATUSES.map((status) => `<span class="ctl-${status}">${report.counts[status] ?? 0} ${status}</span>`).join(' ');
  const rows = report.controls.map(controlRow).join('');
  return (
    `<article class="framework"><h3>${escapeHtml(report.title)} <small>${escapeHtml(report.version)}</small></h3>` +
    `<p class="score"><strong>${escapeHtml(score)}</strong> ${scoreGauge(report.score)}</p><p>${counts}</p>` +
    `<details><summary>${report.controls.length} controls</summary>` +
    `<table class="controls"><thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Checks</th><th>Fail / pass</th></tr></thead>` +
    `<tbody>${rows}</tbody></table></details></article>`
  );
}

function controlRow(control: ControlResult): string {
  const reason = control.reason ? `<div class="muted">${escapeHtml(control.reason)}</div>` : '';
  return (
    `<tr><td>${escapeHtml(control.id)}</td><td>${escapeHtml(control.title)}${reason}</td>` +
    `<td class="ctl-${escapeHtml(control.status)}">${escapeHtml(control.status)}</td>` +
    `<td>${control.checkIds.map((id) => `<code>${escapeHtml(id)}</code>`).join(' ')}</td>` +
    `<td>${control.failures} / ${control.passes}</td></tr>`
  );
}
