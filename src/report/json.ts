import {
  CONTROL_STATUSES,
  SEVERITIES,
  STATUSES,
  type AttackPath,
  type AttackPathStep,
  type CheckMeta,
  type CheckResult,
  type ComplianceReport,
  type ControlResult,
  type ExpiredException,
  type Fix,
  type GraphNodeRef,
  type InputError,
  type JsonPatchOperation,
  type Location,
  type ResourceRef,
  type ScanResult,
  type ScanSummary,
  type StepEvidence,
  type Waiver,
} from '../model/index.js';
import { sortedRefs } from './refs.js';
import { toolVersionOf, type ReportOptions } from './report-options.js';
import { shownResults } from './results-shown.js';

/**
 * The JSON output contract (docs/schemas/scan-result.schema.json). Objects are rebuilt field by
 * field so the key order is fixed whatever order the scan assembled them in, and nothing outside
 * the contract leaks through.
 */
export function renderJson(result: ScanResult, _catalogue: readonly CheckMeta[], options: ReportOptions): string {
  const document = {
    schemaVersion: result.schemaVersion,
    tool: { name: result.tool.name, version: toolVersionOf(result.tool.version, options) },
    scannedAt: result.scannedAt,
    summary: summaryOf(result.summary),
    compliance: chosenCompliance(result, options),
    attackPaths: result.attackPaths?.map(attackPathOf),
    attackPathLimitsReached: result.attackPathLimitsReached,
    attackPathsWaived: result.attackPathsWaived,
    results: shownResults(result, options).map(resultOf),
    inputErrors: result.inputErrors.map(inputErrorOf),
    expiredExceptions: result.expiredExceptions.map(expiredOf),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Only with --framework: the JSON of a scan names one framework's compliance, never a list. */
function chosenCompliance(result: ScanResult, options: ReportOptions): Record<string, unknown> | undefined {
  if (options.framework === undefined) return undefined;
  const report = result.compliance?.find((entry) => entry.framework === options.framework);
  return report && complianceOf(report);
}

/** One framework's compliance in the contract's shape (also the JSON of `eksguard compliance`). */
export function complianceOf(report: ComplianceReport): Record<string, unknown> {
  return {
    framework: report.framework,
    title: report.title,
    version: report.version,
    score: report.score,
    counts: Object.fromEntries(CONTROL_STATUSES.map((status) => [status, report.counts[status] ?? 0])),
    controls: report.controls.map(controlOf),
  };
}

function controlOf(control: ControlResult): Record<string, unknown> {
  return {
    id: control.id,
    title: control.title,
    status: control.status,
    checkIds: [...control.checkIds],
    failures: control.failures,
    passes: control.passes,
    waived: control.waived,
    reason: control.reason,
  };
}

function summaryOf(summary: ScanSummary): Record<string, unknown> {
  return {
    resources: summary.resources,
    checks: summary.checks,
    byStatus: Object.fromEntries(STATUSES.map((status) => [status, summary.byStatus[status] ?? 0])),
    failuresBySeverity: Object.fromEntries(
      SEVERITIES.map((severity) => [severity, summary.failuresBySeverity[severity] ?? 0]),
    ),
    waived: summary.waived,
    inputErrors: summary.inputErrors,
  };
}

/** One result in the contract's shape and key order (also used by `eksguard paths`). */
export function resultOf(entry: CheckResult): Record<string, unknown> {
  return {
    checkId: entry.checkId,
    title: entry.title,
    severity: entry.severity,
    status: entry.status,
    resource: resourceOf(entry.resource),
    container: entry.container,
    path: entry.path,
    location: entry.location && locationOf(entry.location),
    message: entry.message,
    remediation: entry.remediation,
    refs: sortedRefs(entry.refs),
    fingerprint: entry.fingerprint,
    fix: entry.fix && fixOf(entry.fix),
    waived: entry.waived && waiverOf(entry.waived),
    riskScore: entry.riskScore,
    attackPathIds: entry.attackPathIds && [...entry.attackPathIds],
  };
}

/** One attack path in the contract's shape and key order (also used by `eksguard paths`). */
export function attackPathOf(path: AttackPath): Record<string, unknown> {
  return {
    id: path.id,
    query: path.query,
    title: path.title,
    severity: path.severity,
    score: path.score,
    steps: path.steps.map(stepOf),
  };
}

function stepOf(step: AttackPathStep): Record<string, unknown> {
  return {
    from: nodeOf(step.from),
    edge: step.edge,
    to: nodeOf(step.to),
    evidence: step.evidence.map(evidenceOf),
    checkIds: step.checkIds && [...step.checkIds],
  };
}

function nodeOf(node: GraphNodeRef): Record<string, unknown> {
  return { kind: node.kind, namespace: node.namespace, name: node.name };
}

function evidenceOf(evidence: StepEvidence): Record<string, unknown> {
  return { resource: nodeOf(evidence.resource), path: evidence.path, detail: evidence.detail };
}

function resourceOf(resource: ResourceRef): Record<string, unknown> {
  return {
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    namespace: resource.namespace,
    name: resource.name,
  };
}

function locationOf(location: Location): Record<string, unknown> {
  return { file: location.file, line: location.line, helmSource: location.helmSource };
}

function fixOf(fix: Fix): Record<string, unknown> {
  return { kind: fix.kind, description: fix.description, operations: fix.operations.map(operationOf) };
}

function operationOf(operation: JsonPatchOperation): Record<string, unknown> {
  switch (operation.op) {
    case 'remove':
      return { op: operation.op, path: operation.path };
    case 'move':
    case 'copy':
      return { op: operation.op, from: operation.from, path: operation.path };
    default:
      return { op: operation.op, path: operation.path, value: operation.value };
  }
}

function waiverOf(waiver: Waiver): Record<string, unknown> {
  return { reason: waiver.reason, expires: waiver.expires, source: waiver.source };
}

export function inputErrorOf(error: InputError): Record<string, unknown> {
  return { file: error.file, line: error.line, message: error.message };
}

function expiredOf(expired: ExpiredException): Record<string, unknown> {
  return { checkId: expired.checkId, reason: expired.reason, expires: expired.expires, source: expired.source };
}
