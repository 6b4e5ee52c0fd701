import type { CheckMeta, CheckResult, ScanResult } from '../model/index.js';
import { toolVersionOf, type ReportOptions } from './report-options.js';
import { codeFlowsOf, declaredLocations, type CodeFlowContext, type SarifCodeFlow } from './sarif-code-flows.js';
import { locationOf, propertiesOf, type SarifLocation } from './sarif-locations.js';
import {
  expiredNotification,
  inputErrorNotification,
  notificationDescriptors,
  resultNotification,
  type SarifNotification,
} from './sarif-notifications.js';
import { buildRules, levelOf, ruleIndex, type RuleTable, type SarifLevel, type SarifMessage } from './sarif-rules.js';

export { SECURITY_SEVERITY, levelOf } from './sarif-rules.js';

const SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://www.npmjs.com/package/eksguard';
export const FINGERPRINT_KEY = 'eksguard/v1';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind?: 'pass';
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  /** SARIF's 0–100 priority: the finding's risk score. */
  rank?: number;
  codeFlows?: SarifCodeFlow[];
  partialFingerprints: Record<string, string>;
  suppressions?: Array<{ kind: 'external'; status: 'accepted'; justification: string; properties: object }>;
  properties: Record<string, unknown>;
}

/**
 * SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer); see docs/output-formats.md.
 * Results are failures located in a file (waived ones suppressed) and, when asked, located
 * passes; everything else the scan has to say is a notification. A failure on attack paths
 * carries its risk score as `rank` and the paths as code flows.
 */
export function renderSarif(result: ScanResult, catalogue: readonly CheckMeta[], options: ReportOptions): string {
  const table = buildRules(catalogue, result.results);
  const flows: CodeFlowContext = {
    paths: new Map((result.attackPaths ?? []).map((path) => [path.id, path])),
    declared: declaredLocations(result.results),
  };
  const results: SarifResult[] = [];
  const checkErrors: SarifNotification[] = [];
  const unlocated: SarifNotification[] = [];
  const notEvaluated: SarifNotification[] = [];

  for (const entry of result.results) {
    const location = locationOf(entry);
    if (entry.status === 'fail') {
      if (location) results.push(findingResult(entry, location, table, flows));
      else unlocated.push(resultNotification(entry, table));
    } else if (entry.status === 'pass') {
      // A pass without a file has nothing to point at; the JSON output keeps it.
      if (options.includePassed && location) results.push(passResult(entry, location, table));
    } else if (entry.status === 'error') {
      checkErrors.push(resultNotification(entry, table));
    } else {
      notEvaluated.push(resultNotification(entry, table));
    }
  }

  const inputErrors = result.inputErrors.map(inputErrorNotification);
  const execution = [...inputErrors, ...checkErrors, ...unlocated, ...notEvaluated];
  const configuration = result.expiredExceptions.map((expired) => expiredNotification(expired, table));
  const invocation: Record<string, unknown> = {
    executionSuccessful: inputErrors.length === 0 && checkErrors.length === 0,
  };
  if (execution.length > 0) invocation.toolExecutionNotifications = execution;
  if (configuration.length > 0) invocation.toolConfigurationNotifications = configuration;

  const version = toolVersionOf(result.tool.version, options);
  const driver: Record<string, unknown> = { name: 'eksguard', version };
  if (SEMVER.test(version)) driver.semanticVersion = version;
  driver.informationUri = INFORMATION_URI;
  driver.rules = table.rules;
  driver.notifications = notificationDescriptors();

  const properties: Record<string, unknown> = { scannedAt: result.scannedAt };
  // Paths whose findings have no file appear in no result; the run still names every path.
  if (result.attackPaths) {
    properties.attackPaths = result.attackPaths.map(({ id, query, title, severity, score }) => ({ id, query, title, severity, score }));
  }
  const log = {
    $schema: SCHEMA_URI,
    version: '2.1.0',
    runs: [{ tool: { driver }, invocations: [invocation], results, properties }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function findingResult(entry: CheckResult, location: SarifLocation, table: RuleTable, flows: CodeFlowContext): SarifResult {
  const sarif = baseResult(entry, location, table);
  if (entry.riskScore !== undefined) sarif.rank = Math.min(100, Math.max(0, entry.riskScore));
  const codeFlows = codeFlowsOf(entry, flows);
  if (codeFlows.length > 0) sarif.codeFlows = codeFlows;
  if (entry.waived) {
    const waiver: Record<string, string> = { source: entry.waived.source };
    if (entry.waived.expires) waiver.expires = entry.waived.expires;
    sarif.suppressions = [
      { kind: 'external', status: 'accepted', justification: entry.waived.reason, properties: waiver },
    ];
  }
  return sarif;
}

function passResult(entry: CheckResult, location: SarifLocation, table: RuleTable): SarifResult {
  // SARIF: a result whose kind is not "fail" has level "none".
  return { ...baseResult(entry, location, table), kind: 'pass', level: 'none' };
}

function baseResult(entry: CheckResult, location: SarifLocation, table: RuleTable): SarifResult {
  return {
    ruleId: entry.checkId,
    ruleIndex: ruleIndex(entry.checkId, table),
    level: levelOf(entry.severity),
    message: { text: entry.message || entry.title },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_KEY]: entry.fingerprint },
    properties: propertiesOf(entry),
  };
}
