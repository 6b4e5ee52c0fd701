import type { Severity } from '../model/index.js';

/**
 * What happens to a violation: `enforce` denies the request, `warn` admits it with a warning
 * `kubectl` prints, `audit` admits it silently and records it.
 */
export const ADMISSION_MODES = ['enforce', 'warn', 'audit'] as const;
export type AdmissionMode = (typeof ADMISSION_MODES)[number];

/** The parts of an `admission.k8s.io/v1` AdmissionRequest a verdict reads (validated before). */
export interface AdmissionRequestInfo {
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  namespace?: string;
  name?: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  userInfo: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  /** The object as it would be stored (absent for DELETE). */
  object?: Record<string, unknown>;
  /** The object before an UPDATE (or the deleted one). */
  oldObject?: Record<string, unknown>;
  dryRun: boolean;
}

/** One check (or gate) that the object fails, with what to do about it. */
export interface Violation {
  /** Check id, or `gate:<name>/<rule>` for a gate. */
  checkId: string;
  title: string;
  severity: Severity;
  mode: AdmissionMode;
  /** The finding, e.g. `Container "app" runs privileged`. */
  message: string;
  /** Evidence path in the object, dotted (`spec.containers[0].securityContext.privileged`). */
  path?: string;
  container?: string;
  remediation: string;
}

/** The decision on one request. */
export interface Verdict {
  allowed: boolean;
  /** For a deny: HTTP-style code (403) and the message `kubectl` shows. */
  status?: { code: number; message: string };
  /** `kubectl` warnings (warn-mode violations). */
  warnings: string[];
  violations: Violation[];
  /** Why the request was admitted without judging (excluded namespace, DELETE, unchanged template, not a guarded kind). */
  skipped?: string;
  /** Findings an exception (or the EKS baseline) waives: not violations, counted for the audit trail. */
  waived?: number;
  /** Checks that failed to run on this object (`check-id: reason`), for the audit trail only. */
  checkErrors?: string[];
}

/**
 * A source of violations beyond the checks, run on every judged request: image signature and
 * vulnerability gates plug in here. May be asynchronous (registry lookups); the server's time
 * budget covers it.
 */
export interface VerdictGate {
  readonly name: string;
  judge(request: AdmissionRequestInfo): Violation[] | Promise<Violation[]>;
}
