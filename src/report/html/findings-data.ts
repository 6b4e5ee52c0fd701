import { SEVERITIES, type CheckResult } from '../../model/index.js';
import { resourceLabel } from '../resource-label.js';
import type { CheckIndex } from './checks-section.js';
import { visibleBidi } from './escape.js';

/** The statuses a finding can be filtered by: a waived failure is its own choice, apart from open ones. */
export const ROW_STATUSES = ['fail', 'waived', 'error', 'not-evaluated', 'pass'] as const;

export function rowStatus(entry: CheckResult): (typeof ROW_STATUSES)[number] {
  return entry.status === 'fail' && entry.waived ? 'waived' : entry.status;
}

/**
 * Positions in a finding's tuple; the client script reads the same positions. A tuple of numbers
 * into one string table keeps 20,000 findings within a few megabytes: a resource, its file, an
 * evidence path or a fix shared by many findings is written once.
 */
export const FIELD = {
  check: 0,
  severity: 1,
  status: 2,
  namespace: 3,
  resource: 4,
  location: 5,
  message: 6,
  path: 7,
  risk: 8,
  fixKind: 9,
  fixDescription: 10,
  fixOperations: 11,
  waiver: 12,
  remediation: 13,
  attackPaths: 14,
} as const;

export interface FindingsData {
  severities: readonly string[];
  statuses: readonly string[];
  /** Per check, in anchor order: id, area, remediation. */
  checks: [string, string, string][];
  strings: string[];
  /** One tuple per finding (positions in FIELD); -1 is absent, and absent trailing fields are left off. */
  findings: number[][];
}

/** The findings, in report order, as the data block the client script renders pages from. */
export function findingsData(findings: readonly CheckResult[], checks: CheckIndex): FindingsData {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const intern = (text: string | undefined): number => {
    if (text === undefined) return -1;
    let id = ids.get(text);
    if (id === undefined) {
      id = strings.length;
      strings.push(visibleBidi(text));
      ids.set(text, id);
    }
    return id;
  };
  const rows = findings.map((entry) => {
    const row = new Array<number>(Object.keys(FIELD).length).fill(-1);
    row[FIELD.check] = checks.indexOf(entry.checkId);
    row[FIELD.severity] = SEVERITIES.indexOf(entry.severity);
    row[FIELD.status] = ROW_STATUSES.indexOf(rowStatus(entry));
    row[FIELD.namespace] = intern(entry.resource.namespace ?? '');
    row[FIELD.resource] = intern(`${resourceLabel(entry.resource)}${entry.container === undefined ? '' : ` [${entry.container}]`}`);
    row[FIELD.location] = intern(locationText(entry));
    row[FIELD.message] = intern(entry.message);
    row[FIELD.path] = intern(entry.path);
    row[FIELD.risk] = entry.riskScore ?? -1;
    if (entry.fix) {
      row[FIELD.fixKind] = entry.fix.kind === 'patch' ? 1 : 2;
      row[FIELD.fixDescription] = intern(entry.fix.description);
      row[FIELD.fixOperations] = intern(entry.fix.operations.map((operation) => JSON.stringify(operation)).join('\n'));
    }
    if (entry.waived) row[FIELD.waiver] = intern(waiverText(entry.waived));
    // Only a remediation that differs from its check's is carried per finding.
    if (entry.remediation !== checks.remediationOf(entry.checkId)) row[FIELD.remediation] = intern(entry.remediation);
    if (entry.attackPathIds?.length) row[FIELD.attackPaths] = intern(entry.attackPathIds.join(' '));
    while (row.length > 0 && row.at(-1) === -1) row.pop();
    return row;
  });
  return { severities: SEVERITIES, statuses: ROW_STATUSES, checks: checks.table().map(([id, area, remediation]) => [visibleBidi(id), visibleBidi(area), visibleBidi(remediation)]), strings, findings: rows };
}

/** `file:line`, with the Helm template the file was rendered from; undefined when no file declares the resource. */
function locationText(entry: CheckResult): string | undefined {
  if (!entry.location) return undefined;
  const { file, line, helmSource } = entry.location;
  return `${file}:${line}${helmSource === undefined ? '' : ` (from ${helmSource})`}`;
}

function waiverText(waiver: NonNullable<CheckResult['waived']>): string {
  return `${waiver.reason} (${waiver.source}${waiver.expires === undefined ? '' : `, until ${waiver.expires}`})`;
}
