import pc from 'picocolors';
import {
  SEVERITIES,
  severityRank,
  type CheckMeta,
  type CheckResult,
  type ResourceRef,
  type ScanResult,
} from '../model/index.js';
import { findingsByPath, pathBlock, pathNumbers } from './attack-paths.js';
import { DEFAULT_MAX_PATHS, type ReportOptions } from './report-options.js';
import { compareResources, compareText, resourceLabel, resourcePath } from './resource-label.js';
import { shownResults } from './results-shown.js';
import { SEVERITY_STYLE, type Colors } from './severity-style.js';
import { printableResult, printableScan } from './terminal-text.js';

const BADGE_WIDTH = 8;

/**
 * Terminal output: the top attack paths (when the graph was built), then findings grouped by
 * resource, riskiest first, then a summary. Lines are never cut; the terminal wraps them.
 * Colour only when asked for, so piped output stays plain.
 */
export function renderTable(result: ScanResult, _catalogue: readonly CheckMeta[], options: ReportOptions): string {
  const c = pc.createColors(options.color);
  const groups = groupByResource(shownResults(result, options).map(printableResult));
  const idWidth = Math.max(0, ...groups.flatMap((group) => group.entries.map((entry) => entry.checkId.length)));
  const numbers = pathNumbers(result.attackPaths ?? []);
  const lines: string[] = [...attackPathLines(result, options, c)];
  for (const group of groups) {
    lines.push(...groupLines(group, idWidth, numbers, c), '');
  }
  if (groups.length === 0) lines.push(c.green('No findings.'), '');
  lines.push(...summaryLines(printableScan(result), options, c));
  return `${lines.join('\n')}\n`;
}

/**
 * The attack-path section: the highest-scored paths, each with its steps and the findings on
 * it. Absent when the graph was not built; a line saying none were found when it was.
 */
function attackPathLines(result: ScanResult, options: ReportOptions, c: Colors): string[] {
  const paths = result.attackPaths;
  const max = options.maxPaths ?? DEFAULT_MAX_PATHS;
  if (!paths || max <= 0) return [];
  if (paths.length === 0) {
    const waived = result.attackPathsWaived ? c.gray(` (${result.attackPathsWaived} through waived findings not listed)`) : '';
    return [`${c.green('No attack paths found.')}${waived}`, ''];
  }
  const shown = paths.slice(0, max);
  const count = shown.length < paths.length ? `${shown.length} of ${paths.length}` : String(paths.length);
  const lines = [c.bold(`Attack paths (${count})`), ''];
  const findings = findingsByPath(result.results);
  shown.forEach((path, index) => {
    lines.push(...pathBlock(path, index + 1, findings.get(path.id) ?? [], c, { detailed: false }), '');
  });
  if (result.attackPathsWaived) {
    const count = result.attackPathsWaived;
    lines.push(c.gray(`${count} more attack ${count === 1 ? 'path goes' : 'paths go'} through waived findings and ${count === 1 ? 'is' : 'are'} not listed.`), '');
  }
  for (const query of result.attackPathLimitsReached ?? []) {
    lines.push(c.yellow(`Query ${query} stopped at its path limit: more such paths may exist.`), '');
  }
  if (shown.length < paths.length) {
    const more = paths.length - shown.length;
    lines.push(c.gray(`${more} more attack ${more === 1 ? 'path' : 'paths'} not listed: \`eksguard paths\` shows every path with its evidence.`), '');
  }
  return lines;
}

interface Group {
  resource: ResourceRef;
  entries: CheckResult[];
  /** Best entry class (open failure first); then the highest risk score of an open failure. */
  kind: number;
  risk: number;
  rank: number;
}

/** Open failures by severity, then errors, waived findings, not-evaluated, passes. */
function entryRank(entry: CheckResult): number {
  const worst = severityRank('critical');
  if (entry.status === 'fail' && !entry.waived) return worst - severityRank(entry.severity);
  const after = SEVERITIES.length;
  if (entry.status === 'error') return after;
  if (entry.status === 'fail') return after + 1;
  return entry.status === 'not-evaluated' ? after + 2 : after + 3;
}

/** 0 open failure, 1 error, 2 waived, 3 not evaluated, 4 pass. */
function entryKind(entry: CheckResult): number {
  if (entry.status === 'fail') return entry.waived ? 2 : 0;
  if (entry.status === 'error') return 1;
  return entry.status === 'not-evaluated' ? 3 : 4;
}

/** An open failure's risk score; the rest, and scans without scores, rank on severity alone. */
function riskOf(entry: CheckResult): number {
  return entry.status === 'fail' && !entry.waived ? (entry.riskScore ?? -1) : -1;
}

function compareEntries(a: CheckResult, b: CheckResult): number {
  return (
    entryKind(a) - entryKind(b) ||
    riskOf(b) - riskOf(a) ||
    entryRank(a) - entryRank(b) ||
    compareText(a.checkId, b.checkId) ||
    compareText(a.container ?? '', b.container ?? '') ||
    compareText(a.path ?? '', b.path ?? '')
  );
}

function groupByResource(entries: readonly CheckResult[]): Group[] {
  const groups = new Map<string, Group>();
  for (const entry of entries) {
    const key = `${resourcePath(entry.resource)}\u0000${entry.resource.apiVersion ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { resource: entry.resource, entries: [], kind: Infinity, risk: -1, rank: Infinity }));
    group.entries.push(entry);
    group.kind = Math.min(group.kind, entryKind(entry));
    group.risk = Math.max(group.risk, riskOf(entry));
    group.rank = Math.min(group.rank, entryRank(entry));
  }
  for (const group of groups.values()) group.entries.sort(compareEntries);
  return [...groups.values()].sort(
    (a, b) => a.kind - b.kind || b.risk - a.risk || a.rank - b.rank || compareResources(a.resource, b.resource),
  );
}

function groupLines(group: Group, idWidth: number, numbers: ReadonlyMap<string, number>, c: Colors): string[] {
  const anchor = anchorOf(group.entries);
  // Resources read from an API, or only implied by manifests, have no file to point at.
  const where = anchor ? `  ${anchor.file}:${anchor.line}${anchor.helmSource ? ` (template ${anchor.helmSource})` : ''}` : '';
  const lines = [`${c.bold(resourceLabel(group.resource))}${c.gray(where)}`];
  // Details sit under the check id rather than the message: long paths keep more of the line.
  const indent = ' '.repeat(2 + BADGE_WIDTH + 2);

  for (const item of collapseNotEvaluated(group.entries)) {
    if ('checkIds' in item) {
      const label = `${item.checkIds.length} checks`;
      lines.push(`  ${badge(item.first, c)}  ${c.cyan(label.padEnd(idWidth))}  ${item.first.message}`);
      lines.push(c.gray(`${indent}${item.checkIds.join(', ')}`));
      continue;
    }
    lines.push(`  ${badge(item, c)}  ${c.cyan(item.checkId.padEnd(idWidth))}  ${item.message}`);
    const details = detailsOf(item, anchor, numbers);
    if (details.length > 0) lines.push(c.gray(`${indent}${details.join(' · ')}`));
  }
  return lines;
}

/** The resource's own place: the earliest line any of its results points at. */
function anchorOf(entries: readonly CheckResult[]): CheckResult['location'] {
  let anchor: CheckResult['location'];
  for (const { location } of entries) {
    if (!location) continue;
    if (!anchor || compareText(location.file, anchor.file) < 0 || (location.file === anchor.file && location.line < anchor.line)) {
      anchor = location;
    }
  }
  return anchor;
}

interface Collapsed {
  first: CheckResult;
  checkIds: string[];
}

/**
 * Many checks go unevaluated for one reason (no AWS data in a manifest scan): one line per
 * reason instead of one per check.
 */
function collapseNotEvaluated(entries: readonly CheckResult[]): Array<CheckResult | Collapsed> {
  const byReason = new Map<string, CheckResult[]>();
  for (const entry of entries) {
    if (entry.status !== 'not-evaluated') continue;
    const list = byReason.get(entry.message);
    if (list) list.push(entry);
    else byReason.set(entry.message, [entry]);
  }
  const out: Array<CheckResult | Collapsed> = [];
  const emitted = new Set<string>();
  for (const entry of entries) {
    const same = entry.status === 'not-evaluated' ? (byReason.get(entry.message) ?? []) : [];
    if (same.length < 2) {
      out.push(entry);
    } else if (!emitted.has(entry.message)) {
      emitted.add(entry.message);
      out.push({ first: entry, checkIds: [...new Set(same.map((other) => other.checkId))] });
    }
  }
  return out;
}

function detailsOf(entry: CheckResult, anchor: CheckResult['location'], numbers: ReadonlyMap<string, number>): string[] {
  const details: string[] = [];
  if (entry.riskScore !== undefined && entry.status === 'fail' && !entry.waived) details.push(`risk ${Math.round(entry.riskScore)}`);
  const onPaths = (entry.attackPathIds ?? []).map((id) => numbers.get(id)).filter((rank) => rank !== undefined).sort((a, b) => a - b);
  if (onPaths.length > 0) details.push(`attack ${onPaths.length === 1 ? 'path' : 'paths'} ${onPaths.map((rank) => `#${rank}`).join(' ')}`);
  if (entry.container !== undefined) details.push(`container ${entry.container}`);
  if (entry.path) details.push(entry.path);
  const { location } = entry;
  // The header already names the anchor; repeat only what differs from it.
  if (location && anchor && location.file !== anchor.file) details.push(`${location.file}:${location.line}`);
  else if (location && anchor && location.line !== anchor.line) details.push(`line ${location.line}`);
  if (entry.waived) {
    const until = entry.waived.expires ? `, until ${entry.waived.expires}` : '';
    details.push(`${entry.severity}, waived (${entry.waived.source}${until}): ${entry.waived.reason}`);
  } else if (entry.status === 'fail' && entry.fix) {
    details.push(`fix${entry.fix.kind === 'patch' ? '' : ' (suggestion)'}: ${entry.fix.description}`);
  }
  return details;
}

function badge(entry: CheckResult, c: Colors): string {
  const [label, style] = badgeOf(entry, c);
  return style(label) + ' '.repeat(BADGE_WIDTH - label.length);
}

function badgeOf(entry: CheckResult, c: Colors): [string, (text: string) => string] {
  if (entry.status === 'fail' && entry.waived) return ['WAIVED', c.gray];
  if (entry.status === 'fail') return [entry.severity.toUpperCase(), (text) => SEVERITY_STYLE[entry.severity](c, text)];
  if (entry.status === 'error') return ['ERROR', (text) => c.bold(c.magenta(text))];
  if (entry.status === 'not-evaluated') return ['NOT EVAL', c.gray];
  return ['PASS', c.green];
}

function summaryLines(result: ScanResult, options: ReportOptions, c: Colors): string[] {
  const { summary } = result;
  const open = SEVERITIES.reduce((sum, severity) => sum + (summary.failuresBySeverity[severity] ?? 0), 0);
  const bySeverity = SEVERITIES.map((severity) => {
    const count = summary.failuresBySeverity[severity] ?? 0;
    const text = `${severity} ${count}`;
    return count > 0 ? SEVERITY_STYLE[severity](c, text) : c.gray(text);
  }).join(' · ');
  const passed = summary.byStatus.pass ?? 0;
  const lines = [
    c.bold(`Summary: ${plural(summary.resources, 'resource')}, ${plural(summary.checks, 'check')}`),
    `  Failed         ${open > 0 ? c.bold(String(open)) : '0'} open (${bySeverity}), ${summary.waived} waived`,
    `  Errors         ${summary.byStatus.error ?? 0}`,
    `  Not evaluated  ${summary.byStatus['not-evaluated'] ?? 0}`,
    `  Passed         ${passed}${!options.includePassed && passed > 0 ? c.gray(' (not listed)') : ''}`,
  ];
  if (result.attackPaths) lines.push(`  Attack paths   ${attackPathCounts(result, c)}`);
  if (result.inputErrors.length > 0) {
    lines.push('', c.bold(c.red(`Input errors (${result.inputErrors.length})`)));
    for (const error of result.inputErrors) {
      const where = error.line !== undefined ? `${error.file}:${error.line}` : error.file;
      lines.push(`  ${where}  ${error.message}`);
    }
  }
  if (result.expiredExceptions.length > 0) {
    lines.push('', c.bold(c.yellow(`Expired exceptions (${result.expiredExceptions.length})`)));
    for (const expired of result.expiredExceptions) {
      lines.push(`  ${expired.checkId}  expired ${expired.expires} (${expired.source}): ${expired.reason}`);
    }
  }
  return lines;
}

function attackPathCounts(result: ScanResult, c: Colors): string {
  const paths = result.attackPaths ?? [];
  if (paths.length === 0) return '0';
  const bySeverity = SEVERITIES.map((severity) => [severity, paths.filter((path) => path.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => SEVERITY_STYLE[severity](c, `${severity} ${count}`))
    .join(' · ');
  return `${c.bold(String(paths.length))} (${bySeverity})`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
