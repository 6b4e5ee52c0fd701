/**
 * How a scan measures up to a compliance framework (CIS Amazon EKS Benchmark, NSA/CISA, Pod
 * Security Standards), control by control. Frameworks themselves are data in src/frameworks.
 */
export const CONTROL_STATUSES = ['pass', 'fail', 'manual', 'not-evaluated'] as const;
/**
 * `fail`: a result a mapped check reports for the control is an unwaived failure.
 * `pass`: no such failure, every check the control names is built, ran, and decided its part
 * (no error or not-evaluated result about it), and at least one result passed or was a waived
 * failure (an accepted risk: "pass with exceptions", counted in `waived`).
 * `manual`: a person must judge it (not observable agentlessly).
 * `not-evaluated`: anything else, with a reason naming the checks that did not decide: they did
 * not run on this input, errored, were not evaluated, judged nothing, or are not built yet.
 */
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export interface ControlResult {
  id: string;
  title: string;
  status: ControlStatus;
  /** The eksguard checks that implement the control. */
  checkIds: string[];
  /** Unwaived failing results of those checks. */
  failures: number;
  /** Results of those checks that passed (for a check that covers several controls: its part). */
  passes: number;
  /** Failures waived by an exception; absent in compliance recorded before it was counted. */
  waived?: number;
  /** Why the control is manual or not evaluated. */
  reason?: string;
}

export interface ComplianceReport {
  framework: string;
  title: string;
  version: string;
  /** Passed controls as a percentage of decided (pass + fail) controls, one decimal; null when none was decided. */
  score: number | null;
  counts: Record<ControlStatus, number>;
  controls: ControlResult[];
}
