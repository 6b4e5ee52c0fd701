import type { Area, Fix } from './check.js';
import type { ResourceRef } from './kubernetes.js';
import type { Severity } from './severity.js';
import type { AttackPath } from './attack-path.js';
import type { ComplianceReport } from './compliance.js';

export const STATUSES = ['fail', 'error', 'not-evaluated', 'pass'] as const;
export type Status = (typeof STATUSES)[number];

export interface Location {
  file: string;
  line: number;
  helmSource?: string;
}

export interface Waiver {
  reason: string;
  expires?: string;
  /** `baseline` for the built-in EKS platform exceptions, otherwise the config file. */
  source: string;
}

/** One check's verdict on one resource (and container or path within it). */
export interface CheckResult {
  checkId: string;
  title: string;
  severity: Severity;
  area: Area;
  status: Status;
  resource: ResourceRef;
  container?: string;
  /** Evidence path, dotted with [index] (`spec.template.spec.containers[0].image`). */
  path?: string;
  location?: Location;
  message: string;
  /**
   * The id in the check's `messages` a failure was written with: the stable key framework
   * controls select a check's findings by (`ng-kubelet-misc#eventQps`).
   */
  messageId?: string;
  remediation: string;
  /** Framework id → control ids. */
  refs: Record<string, string[]>;
  fingerprint: string;
  fix?: Fix;
  waived?: Waiver;
  /** 0–100 from severity, exposure and blast radius; set for failures when paths were searched. */
  riskScore?: number;
  /** Attack paths this finding sits on (ids of `ScanResult.attackPaths`). */
  attackPathIds?: string[];
}

/** Input that could not be read, with where. */
export interface InputError {
  file: string;
  line?: number;
  message: string;
}

export interface ExpiredException {
  checkId: string;
  reason: string;
  expires: string;
  source: string;
}

export interface ScanSummary {
  resources: number;
  checks: number;
  byStatus: Record<Status, number>;
  /** Failures not waived, by severity. */
  failuresBySeverity: Record<Severity, number>;
  waived: number;
  inputErrors: number;
}

export interface ScanResult {
  schemaVersion: 1;
  tool: { name: 'eksguard'; version: string };
  scannedAt: string;
  summary: ScanSummary;
  /** Every result; reporters pick what to show. */
  results: CheckResult[];
  inputErrors: InputError[];
  expiredExceptions: ExpiredException[];
  /** Ranked attack paths (highest score first); absent when the graph was not built. */
  attackPaths?: AttackPath[];
  /** Queries that stopped at their path limit: more paths of them may exist. */
  attackPathLimitsReached?: string[];
  /** Paths not listed because a step of theirs exists only through waived findings. */
  attackPathsWaived?: number;
  /**
   * The scan measured against every shipped framework (or only the one chosen with
   * `--framework`), control by control.
   */
  compliance?: ComplianceReport[];
}
