/**
 * Attack paths as people read them: one line per step (`Deployment shop/web —runs-as→
 * ServiceAccount shop/web`), the evidence under a step when asked, and the findings that sit on
 * the path. Shared by the scan table and `eksguard paths`.
 */
import { severityRank, type AttackPath, type AttackPathStep, type CheckResult, type GraphNodeRef, type StepEvidence } from '../model/index.js';
import { compareText, resourceLabel } from './resource-label.js';
import { SEVERITY_STYLE, type Colors } from './severity-style.js';
import { printable } from './terminal-text.js';

/**
 * `Deployment shop/web`, `IAMRole arn:aws:iam::…`; nodes that are only what their kind says
 * (`Internet`, `ClusterAdmin`) print as the kind alone.
 */
export function nodeLabel(node: GraphNodeRef): string {
  const bare = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (node.namespace === undefined && bare(node.kind) === bare(node.name)) return printable(node.kind);
  return printable(resourceLabel(node));
}

export function stepText(step: AttackPathStep): string {
  return `${nodeLabel(step.from)} —${printable(step.edge)}→ ${nodeLabel(step.to)}`;
}

export function evidenceText(evidence: StepEvidence): string {
  const where = `${nodeLabel(evidence.resource)}${evidence.path ? ` ${printable(evidence.path)}` : ''}`;
  return `${where}: ${printable(evidence.detail)}`;
}

/** `Internet → ClusterAdmin`: where a path starts and what it reaches. */
export function pathEnds(path: AttackPath): string {
  const first = path.steps[0];
  const last = path.steps.at(-1);
  if (!first || !last) return printable(path.title);
  return `${nodeLabel(first.from)} → ${nodeLabel(last.to)}`;
}

/** Open (failed, not waived) findings on each path, by path id, in report order. */
export function findingsByPath(results: readonly CheckResult[]): Map<string, CheckResult[]> {
  const byPath = new Map<string, CheckResult[]>();
  for (const entry of results) {
    if (entry.status !== 'fail' || entry.waived) continue;
    for (const id of entry.attackPathIds ?? []) {
      const list = byPath.get(id);
      if (list) list.push(entry);
      else byPath.set(id, [entry]);
    }
  }
  return byPath;
}

/** Each path's 1-based rank in the scan's list, for findings to refer to (`#3`). */
export function pathNumbers(paths: readonly AttackPath[]): Map<string, number> {
  return new Map(paths.map((path, index) => [path.id, index + 1]));
}

export interface PathBlockOptions {
  /** Evidence under each step, and every finding spelt out (`eksguard paths`), not just counted. */
  detailed: boolean;
}

/**
 * One path: a heading with rank, severity, score and title, the steps, then its findings. The
 * heading is not indented; everything under it is, by `indent`.
 */
export function pathBlock(
  path: AttackPath,
  rank: number,
  findings: readonly CheckResult[],
  c: Colors,
  options: PathBlockOptions,
  indent = '   ',
): string[] {
  const severity = SEVERITY_STYLE[path.severity](c, path.severity.toUpperCase());
  const lines = [`${rank}. ${severity} ${c.bold(`score ${Math.round(path.score)}`)}  ${c.bold(printable(path.title))}  ${c.gray(`[${printable(path.query)}]`)}`];
  for (const step of path.steps) {
    const checks = options.detailed && step.checkIds && step.checkIds.length > 0 ? c.gray(`  (${step.checkIds.map(printable).join(', ')})`) : '';
    lines.push(`${indent}${stepText(step)}${checks}`);
    if (!options.detailed) continue;
    for (const evidence of step.evidence) lines.push(c.gray(`${indent}    ${evidenceText(evidence)}`));
  }
  lines.push(...findingLines(findings, c, options, indent));
  if (options.detailed) lines.push(c.gray(`${indent}id ${printable(path.id)}`));
  return lines;
}

/** Riskiest first, then the most severe, then by check id and resource, so equal input prints equal lines. */
export function compareFindingsOnPath(a: CheckResult, b: CheckResult): number {
  return (
    (b.riskScore ?? 0) - (a.riskScore ?? 0) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    compareText(a.checkId, b.checkId) ||
    compareText(resourceLabel(a.resource), resourceLabel(b.resource))
  );
}

function findingLines(findings: readonly CheckResult[], c: Colors, options: PathBlockOptions, indent: string): string[] {
  if (findings.length === 0) return [c.gray(`${indent}no open finding on this path`)];
  const sorted = [...findings].sort(compareFindingsOnPath);
  const noun = findings.length === 1 ? 'finding' : 'findings';
  if (!options.detailed) {
    // One check may fail on several resources of a path: the ids are fewer than the findings then.
    const ids = [...new Set(sorted.map((entry) => printable(entry.checkId)))];
    const checks = ids.length < findings.length ? ` (${ids.length} ${ids.length === 1 ? 'check' : 'checks'})` : '';
    return [`${indent}${c.bold(String(findings.length))} ${noun}${checks} on this path: ${c.cyan(ids.join(', '))}`];
  }
  const lines = [`${indent}${c.bold(String(findings.length))} ${noun} on this path (fixing what enables a step breaks the path):`];
  for (const entry of sorted) {
    const risk = entry.riskScore !== undefined ? ` risk ${Math.round(entry.riskScore)}` : '';
    lines.push(
      `${indent}  ${SEVERITY_STYLE[entry.severity](c, entry.severity)}${risk}  ${c.cyan(printable(entry.checkId))}  ${printable(resourceLabel(entry.resource))}: ${printable(entry.message)}`,
    );
  }
  return lines;
}
