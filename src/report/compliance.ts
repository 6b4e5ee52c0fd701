import pc from 'picocolors';
import { CONTROL_STATUSES, type ComplianceReport, type ControlResult, type ControlStatus } from '../model/index.js';
import { csvField, neutralizeFormula } from './csv.js';
import { complianceOf } from './json.js';
import { markdownCell } from './markdown.js';
import type { Colors } from './severity-style.js';
import { printable } from './terminal-text.js';

export const COMPLIANCE_FORMATS = ['table', 'json', 'markdown', 'csv'] as const;
export type ComplianceFormat = (typeof COMPLIANCE_FORMATS)[number];

export interface ComplianceRenderOptions {
  /** ANSI colour in the table; other formats ignore it. */
  color: boolean;
}

const STATUS_LABEL: Record<ControlStatus, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  manual: 'MANUAL',
  'not-evaluated': 'N/E',
};

const STATUS_STYLE: Record<ControlStatus, (c: Colors, text: string) => string> = {
  pass: (c, text) => c.green(text),
  fail: (c, text) => c.red(text),
  manual: (c, text) => c.yellow(text),
  'not-evaluated': (c, text) => c.gray(text),
};

/** One framework's compliance, control by control, in a format of `eksguard compliance`. Pure. */
export function renderCompliance(format: ComplianceFormat, report: ComplianceReport, options: ComplianceRenderOptions): string {
  switch (format) {
    case 'table':
      return complianceTable(report, options);
    case 'json':
      return `${JSON.stringify(complianceOf(report), null, 2)}\n`;
    case 'markdown':
      return complianceMarkdown(report);
    case 'csv':
      return complianceCsv(report);
  }
}

/** `82.5%`, or `n/a` when no control was decided. */
export function scoreText(score: number | null): string {
  return score === null ? 'n/a' : `${score.toFixed(1)}%`;
}

function countsText(report: ComplianceReport): string {
  return CONTROL_STATUSES.map((status) => `${report.counts[status]} ${status}`).join(', ');
}

/**
 * One line per control (id, status, unwaived failures, title) and, under a control that is manual
 * or not evaluated, why; then the score and counts.
 */
function complianceTable(report: ComplianceReport, options: ComplianceRenderOptions): string {
  const c = pc.createColors(options.color);
  const idWidth = Math.max(2, ...report.controls.map((control) => control.id.length));
  const statusWidth = Math.max(...Object.values(STATUS_LABEL).map((label) => label.length));
  const lines = [c.bold(`${printable(report.title)} ${printable(report.version)} (${printable(report.framework)})`), ''];
  lines.push(c.gray(`${'ID'.padEnd(idWidth)}  ${'STATUS'.padEnd(statusWidth)}  FAILURES  TITLE`));
  for (const control of report.controls) {
    const status = STATUS_STYLE[control.status](c, STATUS_LABEL[control.status].padEnd(statusWidth));
    const failures = control.status === 'fail' ? String(control.failures) : '-';
    lines.push(`${printable(control.id).padEnd(idWidth)}  ${status}  ${failures.padStart(8)}  ${printable(control.title)}`);
    const note = control.reason ?? exceptionsText(control);
    if (note) lines.push(c.gray(`${' '.repeat(idWidth + statusWidth + 14)}${printable(note)}`));
  }
  lines.push('', `${c.bold('Score:')} ${scoreText(report.score)} of decided controls (pass / (pass + fail))`, `Controls: ${countsText(report)}`);
  return `${lines.join('\n')}\n`;
}

/** For a control that passes with waived failures: "pass with exceptions". */
function exceptionsText(control: ControlResult): string | undefined {
  const waived = control.waived ?? 0;
  if (control.status !== 'pass' || waived === 0) return undefined;
  return `pass with exceptions: ${waived} waived failure${waived === 1 ? '' : 's'}`;
}

function complianceMarkdown(report: ComplianceReport): string {
  const lines = [
    `### ${markdownCell(report.title)} ${markdownCell(report.version)}: ${scoreText(report.score)}`,
    '',
    `${countsText(report)}.`,
    '',
    '| Control | Status | Failures | Title | Checks / reason |',
    '| --- | --- | ---: | --- | --- |',
    ...report.controls.map(markdownRow),
  ];
  return `${lines.join('\n')}\n`;
}

function markdownRow(control: ControlResult): string {
  const checks = control.checkIds.map((id) => `\`${id.replaceAll('`', '')}\``).join(', ');
  const note = control.reason ?? exceptionsText(control);
  const detail = [checks, note ? markdownCell(note) : ''].filter(Boolean).join(' — ');
  const failures = control.status === 'fail' ? String(control.failures) : '';
  return `| ${markdownCell(control.id)} | ${STATUS_LABEL[control.status]} | ${failures} | ${markdownCell(control.title)} | ${detail} |`;
}

const CSV_HEADER = ['framework', 'version', 'control', 'title', 'status', 'failures', 'passes', 'waived', 'checkIds', 'reason'];

function complianceCsv(report: ComplianceReport): string {
  const field = (text: string): string => csvField(neutralizeFormula(text));
  const rows = report.controls.map((control) =>
    [
      field(report.framework),
      field(report.version),
      field(control.id),
      field(control.title),
      control.status,
      String(control.failures),
      String(control.passes),
      String(control.waived ?? 0),
      field(control.checkIds.join(' ')),
      field(control.reason ?? ''),
    ].join(','),
  );
  return `${[CSV_HEADER.join(','), ...rows].join('\r\n')}\r\n`;
}
