/**
 * The report of `eksguard paths`: attack paths with the evidence of every step and the findings
 * that enable them. Pure, like the scan reports: same paths, same bytes.
 */
import pc from 'picocolors';
import { SEVERITIES, type AttackPath, type CheckResult, type ScanResult } from '../model/index.js';
import { compareFindingsOnPath, findingsByPath, pathBlock, pathNumbers } from './attack-paths.js';
import { attackPathOf, inputErrorOf, resultOf } from './json.js';
import { compareText } from './resource-label.js';
import { SEVERITY_STYLE, type Colors } from './severity-style.js';
import { printable } from './terminal-text.js';

export const PATHS_FORMATS = ['table', 'json'] as const;
export type PathsFormat = (typeof PATHS_FORMATS)[number];

export interface PathsReportOptions {
  color: boolean;
  toolVersion?: string;
  /** How the paths were narrowed (`--query`, `--min-score`), said in the heading. */
  filter?: string;
}

/**
 * `paths` are the ones to show, a subset of `result.attackPaths` in its order; ranks (`#3`) are
 * positions in the whole list, so they match the scan table's.
 */
export function renderPaths(format: PathsFormat, result: ScanResult, paths: readonly AttackPath[], options: PathsReportOptions): string {
  return format === 'json' ? renderPathsJson(result, paths, options) : renderPathsTable(result, paths, options);
}

export function renderPathsTable(result: ScanResult, paths: readonly AttackPath[], options: PathsReportOptions): string {
  const c = pc.createColors(options.color);
  const all = result.attackPaths ?? [];
  const numbers = pathNumbers(all);
  const findings = findingsByPath(result.results);
  const narrowed = paths.length < all.length ? `${paths.length} of ${all.length}` : String(paths.length);
  const filter = options.filter ? c.gray(` (${options.filter})`) : '';
  const lines: string[] = [];
  if (paths.length === 0) {
    lines.push(all.length === 0 ? c.green('No attack paths found.') : `No attack path matches${filter}; ${all.length} found in all.`, '');
  } else {
    const bySeverity = SEVERITIES.map((severity) => [severity, paths.filter((path) => path.severity === severity).length] as const)
      .filter(([, count]) => count > 0)
      .map(([severity, count]) => SEVERITY_STYLE[severity](c, `${severity} ${count}`))
      .join(' · ');
    lines.push(`${c.bold(`Attack paths: ${narrowed}`)} (${bySeverity})${filter}`, '');
    for (const path of paths) {
      lines.push(...pathBlock(path, numbers.get(path.id) ?? 0, findings.get(path.id) ?? [], c, { detailed: true }), '');
    }
  }
  lines.push(...leftOutLines(result, options, c));
  if (result.inputErrors.length > 0) {
    // Input that could not be read may hide paths: say so where the paths are read.
    lines.push(c.bold(c.red(`Input errors (${result.inputErrors.length}); paths through what they hold are missing:`)));
    for (const error of result.inputErrors) {
      lines.push(`  ${printable(error.line !== undefined ? `${error.file}:${error.line}` : error.file)}  ${printable(error.message)}`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * What the search left out: paths through waived findings (an accepted risk), and queries that
 * stopped at their path limit, so more of their paths may exist. The waived paths are counted
 * over every query, before `--query` and the other filters.
 */
function leftOutLines(result: ScanResult, options: PathsReportOptions, c: Colors): string[] {
  const lines: string[] = [];
  const waived = result.attackPathsWaived ?? 0;
  if (waived > 0) {
    const scope = options.filter ? ', counted over all queries,' : '';
    const verb = waived === 1 ? 'path goes' : 'paths go';
    lines.push(c.gray(`${waived} more attack ${verb}${scope} through waived findings and ${waived === 1 ? 'is' : 'are'} not listed.`), '');
  }
  for (const query of result.attackPathLimitsReached ?? []) {
    lines.push(c.yellow(`Query ${printable(query)} stopped at its path limit: more such paths may exist.`), '');
  }
  return lines;
}

/**
 * `{ schemaVersion, tool, scannedAt, attackPaths, attackPathLimitsReached, attackPathsWaived,
 * findings, inputErrors }`: the paths in the scan report's shape, what the search left out, and
 * the open findings on the paths listed, riskiest first, each naming only paths listed
 * (docs/schemas/attack-paths.schema.json).
 */
export function renderPathsJson(result: ScanResult, paths: readonly AttackPath[], options: PathsReportOptions): string {
  const shown = new Set(paths.map((path) => path.id));
  const findings = result.results
    .filter((entry) => entry.status === 'fail' && !entry.waived && (entry.attackPathIds ?? []).some((id) => shown.has(id)))
    .map((entry) => ({ ...entry, attackPathIds: entry.attackPathIds!.filter((id) => shown.has(id)) }))
    .sort(byRisk);
  const document = {
    schemaVersion: result.schemaVersion,
    tool: { name: result.tool.name, version: options.toolVersion ?? result.tool.version },
    scannedAt: result.scannedAt,
    attackPaths: paths.map(attackPathOf),
    attackPathLimitsReached: [...(result.attackPathLimitsReached ?? [])],
    attackPathsWaived: result.attackPathsWaived ?? 0,
    findings: findings.map(resultOf),
    inputErrors: result.inputErrors.map(inputErrorOf),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function byRisk(a: CheckResult, b: CheckResult): number {
  return compareFindingsOnPath(a, b) || compareText(a.fingerprint, b.fingerprint);
}
