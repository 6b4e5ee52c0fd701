import { severityRank, type CheckMeta, type CheckResult, type Severity } from '../model/index.js';
import { compareText } from './resource-label.js';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** GitHub reads this as CVSS-like: ≥9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

export function levelOf(severity: Severity): SarifLevel {
  if (severity === 'critical' || severity === 'high') return 'error';
  return severity === 'medium' ? 'warning' : 'note';
}

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; 'security-severity': string };
}

export interface RuleTable {
  rules: SarifRule[];
  indexOf: ReadonlyMap<string, number>;
}

/** Code scanning's documented limits for these fields. */
const NAME_LIMIT = 255;
const DESCRIPTION_LIMIT = 1024;

/**
 * One rule per check in the catalogue, so that code scanning knows every check that ran (an alert
 * whose rule ran and reported nothing is closed as fixed), plus any check a result names that
 * the catalogue lacks (custom checks). Sorted by id: the same catalogue gives the same indexes.
 */
export function buildRules(catalogue: readonly CheckMeta[], results: readonly CheckResult[]): RuleTable {
  const metas = new Map<string, RuleSource>();
  for (const meta of catalogue) metas.set(meta.id, meta);
  for (const entry of results) if (!metas.has(entry.checkId)) metas.set(entry.checkId, sourceFromResult(entry));

  const effective = effectiveSeverities(results);
  const rules = [...metas.values()]
    .sort((a, b) => compareText(a.id, b.id))
    .map((meta) => ruleOf(meta, effective.get(meta.id) ?? meta.severity));
  return { rules, indexOf: new Map(rules.map((rule, index) => [rule.id, index])) };
}

type RuleSource = Pick<CheckMeta, 'id' | 'title' | 'severity' | 'area' | 'description' | 'remediation' | 'links'>;

function sourceFromResult(entry: CheckResult): RuleSource {
  return {
    id: entry.checkId,
    title: entry.title,
    severity: entry.severity,
    area: entry.area,
    description: entry.title,
    remediation: entry.remediation,
  };
}

/**
 * Configuration may override a check's severity, and a check may raise or lower one finding;
 * results carry the severity that applied. The rule takes the worst of them, so the alert list
 * in code scanning never ranks a finding below the level its own result states.
 */
function effectiveSeverities(results: readonly CheckResult[]): Map<string, Severity> {
  const worst = new Map<string, Severity>();
  for (const entry of results) {
    const current = worst.get(entry.checkId);
    if (!current || severityRank(entry.severity) > severityRank(current)) worst.set(entry.checkId, entry.severity);
  }
  return worst;
}

function ruleOf(meta: RuleSource, severity: Severity): SarifRule {
  const links = (meta.links ?? []).filter(isUrl);
  const rule: SarifRule = {
    id: meta.id,
    name: clip(pascalName(meta.title) || pascalName(meta.id), NAME_LIMIT),
    shortDescription: { text: clip(meta.title, DESCRIPTION_LIMIT) },
    fullDescription: { text: clip(meta.description || meta.title, DESCRIPTION_LIMIT) },
    help: helpOf(meta, links),
    defaultConfiguration: { level: levelOf(severity) },
    properties: { tags: ['security', meta.area], 'security-severity': SECURITY_SEVERITY[severity] },
  };
  if (links[0]) rule.helpUri = links[0];
  return rule;
}

function helpOf(meta: RuleSource, links: readonly string[]): SarifMessage {
  const description = meta.description || meta.title;
  const text = [description, `Remediation: ${meta.remediation}`];
  const markdown = [description, `**Remediation:** ${meta.remediation}`];
  if (links.length > 0) {
    text.push(`References:\n${links.map((link) => `- ${link}`).join('\n')}`);
    markdown.push(`**References**\n\n${links.map((link) => `- <${link}>`).join('\n')}`);
  }
  return { text: text.join('\n\n'), markdown: markdown.join('\n\n') };
}

/**
 * `hostPath volume (any)` → `HostPathVolumeAny`: SARIF names are identifiers, not sentences.
 * Bare numbers (the `0.0.0.0/0` of a title) read as noise once glued together, so they go.
 */
function pascalName(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '' && !/^\d+$/.test(word))
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function clip(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('')}…`;
}

function isUrl(text: string): boolean {
  return URL.canParse(text);
}

export function ruleIndex(checkId: string, table: RuleTable): number {
  const index = table.indexOf.get(checkId);
  // buildRules adds a rule for every id a result names, so this cannot miss.
  if (index === undefined) throw new Error(`no SARIF rule for check ${checkId}`);
  return index;
}
