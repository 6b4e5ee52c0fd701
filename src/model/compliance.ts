/**
 * How a scan measures up to a compliance framework (CIS Amazon EKS Benchmark, NSA/CISA, Pod
 * Security Standards), control by control. Frameworks themselves are data in src/frameworks.
 */
export const CONTROL_STATUSES = ['pass', 'fail', 'manual', 'not-evaluated'] as const;
/**
 * `pass`: every mapped check that ran passed (at least one result); `fail`: some mapped check
 * failed, unwaived; `manual`: a person must judge it (not observable agentlessly);
 * `not-evaluated`: its checks did not run on this input, errored, or are not built yet.
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
  /** Results of those checks that passed. */
  passes: number;
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
