import { CONTROL_STATUSES, SEVERITIES, severityRank, type CheckMeta, type CheckResult, type ScanResult } from '../model/index.js';
import { DEFAULT_MAX_PATHS, type ReportOptions } from './report-options.js';
import { compareText, resourceLabel, resourcePath } from './resource-label.js';

/** Failures listed in the table; the rest are counted in a last line. */
export const MARKDOWN_MAX_ROWS = 50;

/** First line of every summary, so a CI bot can find its earlier comment and update it. */
export const MARKDOWN_MARKER = '<!-- eksguard-summary -->';

/**
 * A summary for pull-request comments (GitHub, GitLab): counts by severity, the top attack paths
 * by title, and a table of open failures, riskiest first. No timestamps or versions, so the same
 * scan gives the same comment. Everything quoted from the scanned input is escaped
 * (`markdownCell`): it may not close the table, open a link, inject HTML or mention anyone.
 */
export function renderMarkdown(result: ScanResult, _catalogue: readonly CheckMeta[], options: ReportOptions): string {
  const open = result.results.filter((entry) => entry.status === 'fail' && !entry.waived).sort(compareFindings);
  const lines: string[] = [MARKDOWN_MARKER, '## eksguard scan', ''];
  lines.push(headline(result, open.length), '');
  lines.push(`| ${SEVERITIES.map((severity) => severity[0]?.toUpperCase() + severity.slice(1)).join(' | ')} |`);
  lines.push(`| ${SEVERITIES.map(() => '---:').join(' | ')} |`);
  lines.push(`| ${SEVERITIES.map((severity) => String(result.summary.failuresBySeverity[severity] ?? 0)).join(' | ')} |`, '');
  lines.push(...otherCounts(result));
  lines.push(...complianceLines(result, options));

  const paths = result.attackPaths ?? [];
  const maxPaths = options.maxPaths ?? DEFAULT_MAX_PATHS;
  if (paths.length > 0 && maxPaths > 0) {
    const shown = paths.slice(0, maxPaths);
    lines.push(`### Attack paths (${shown.length === paths.length ? paths.length : `${shown.length} of ${paths.length}`})`, '');
    shown.forEach((path, index) => {
      lines.push(`${index + 1}. **${path.severity.toUpperCase()}** score ${path.score}: ${markdownText(path.title)}`);
    });
    lines.push('');
  }

  if (open.length > 0) {
    lines.push('### Open findings', '');
    lines.push('| Severity | Risk | Check | Resource | Location | Message |');
    lines.push('| --- | ---: | --- | --- | --- | --- |');
    for (const entry of open.slice(0, MARKDOWN_MAX_ROWS)) lines.push(rowOf(entry));
    if (open.length > MARKDOWN_MAX_ROWS) {
      lines.push('', `… and ${open.length - MARKDOWN_MAX_ROWS} more (see the full report).`);
    }
    lines.push('');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** With --framework: the framework's score and its failing controls, worst first by failures. */
function complianceLines(result: ScanResult, options: ReportOptions): string[] {
  const report = options.framework === undefined ? undefined : result.compliance?.find((entry) => entry.framework === options.framework);
  if (!report) return [];
  const counts = CONTROL_STATUSES.map((status) => `${report.counts[status]} ${status}`).join(', ');
  const lines = [`### Compliance: ${markdownText(report.title)} ${markdownText(report.version)}`, '', `Score **${report.score === null ? 'n/a' : `${report.score.toFixed(1)}%`}** (${counts}).`, ''];
  const failing = report.controls.filter((control) => control.status === 'fail').sort((a, b) => b.failures - a.failures);
  if (failing.length > 0) {
    lines.push('| Control | Failures | Title |', '| --- | ---: | --- |');
    for (const control of failing) lines.push(`| ${markdownCell(control.id)} | ${control.failures} | ${markdownCell(control.title)} |`);
    lines.push('');
  }
  return lines;
}

function headline(result: ScanResult, open: number): string {
  const scope = `in ${plural(result.summary.resources, 'resource')} (${plural(result.summary.checks, 'check')})`;
  return open === 0 ? `**No open findings** ${scope}.` : `**${plural(open, 'open finding')}** ${scope}.`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function otherCounts(result: ScanResult): string[] {
  const parts: string[] = [];
  const { summary } = result;
  if (summary.waived > 0) parts.push(`${summary.waived} waived`);
  if (summary.byStatus.error > 0) parts.push(`${summary.byStatus.error} check error${summary.byStatus.error === 1 ? '' : 's'}`);
  if (summary.byStatus['not-evaluated'] > 0) parts.push(`${summary.byStatus['not-evaluated']} not evaluated`);
  if (summary.inputErrors > 0) parts.push(`${summary.inputErrors} input error${summary.inputErrors === 1 ? '' : 's'}`);
  if (result.expiredExceptions.length > 0) parts.push(`${result.expiredExceptions.length} expired exception${result.expiredExceptions.length === 1 ? '' : 's'}`);
  return parts.length > 0 ? [`Also: ${parts.join(', ')}.`, ''] : [];
}

function rowOf(entry: CheckResult): string {
  const resource = `${resourceLabel(entry.resource)}${entry.container ? ` [${entry.container}]` : ''}`;
  const location = entry.location ? `${entry.location.file}:${entry.location.line}` : '';
  return `| ${entry.severity} | ${entry.riskScore ?? ''} | ${markdownCell(entry.checkId)} | ${markdownCell(resource)} | ${markdownCell(location)} | ${markdownCell(entry.message)} |`;
}

/** Severity (worst first), risk score (highest first), check, resource, then the fingerprint: a total order. */
export function compareFindings(a: CheckResult, b: CheckResult): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    (b.riskScore ?? -1) - (a.riskScore ?? -1) ||
    compareText(a.checkId, b.checkId) ||
    compareText(resourcePath(a.resource), resourcePath(b.resource)) ||
    compareText(a.container ?? '', b.container ?? '') ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

/**
 * Text quoted from the scanned input, made inert inside a table cell or after a list marker:
 * HTML (`<`, `>`, `&`) as entities; the Markdown punctuation that could format, start a link or
 * image, open a code span or close a cell (`\ ` * _ [ ] | ~`) backslash-escaped; `@` as an
 * entity so a name cannot mention a user or team; line breaks and other control characters as
 * spaces, so a value cannot end the row; bidirectional overrides as their code point (`U+202E`). Block syntax (`#`, `-`, `1.`) needs no escape: it only
 * acts at the start of a line, which quoted text never is.
 */
export function markdownCell(text: string): string {
  return markdownText(text);
}

export function markdownText(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- control characters are what is replaced
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, ' ')
    // Bidirectional overrides could make a name read as something else (Trojan Source): shown by code point.
    .replace(/[\u202A-\u202E\u2066-\u2069]/g, (char) => `U+${char.codePointAt(0)?.toString(16).toUpperCase() ?? ''}`)
    .replace(/[\\`*_[\]|~]/g, (char) => `\\${char}`)
    .replace(/[&<>@]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '@': '&#64;' })[char] ?? char);
}
