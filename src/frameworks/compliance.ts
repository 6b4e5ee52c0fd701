import {
  CONTROL_STATUSES,
  type CheckResult,
  type ComplianceReport,
  type ControlResult,
  type ControlStatus,
} from '../model/index.js';
import type { Framework, FrameworkControl } from './framework-files.js';

export interface ComplianceInput {
  /** The scan's results (passes may be missing when they were only counted). */
  results: readonly CheckResult[];
  /** Ids of the checks the scan ran: a mapped check outside it decides nothing. */
  ranChecks: ReadonlySet<string>;
  /** Passes counted but not recorded as results, by check id. */
  unrecordedPasses?: Readonly<Record<string, number>>;
}

interface CheckTally {
  failures: number;
  waived: number;
  passes: number;
  errors: number;
  notEvaluated: string[];
}

/**
 * A framework measured against one scan, control by control (the rules are those of
 * ControlStatus): an unwaived failure fails a control; a pass and no failure or error passes it;
 * a control with no checks and a manual reason is manual; anything else is not evaluated, and
 * says why.
 */
export function evaluateCompliance(framework: Framework, input: ComplianceInput): ComplianceReport {
  const tallies = tallyByCheck(input);
  const controls = framework.controls.map((control) => evaluateControl(control, tallies, input.ranChecks));
  const counts = Object.fromEntries(CONTROL_STATUSES.map((status) => [status, 0])) as Record<ControlStatus, number>;
  for (const control of controls) counts[control.status]++;
  const decided = counts.pass + counts.fail;
  return {
    framework: framework.id,
    title: framework.title,
    version: framework.version,
    score: decided === 0 ? null : Math.round((counts.pass / decided) * 1000) / 10,
    counts,
    controls,
  };
}

function tallyByCheck(input: ComplianceInput): Map<string, CheckTally> {
  const tallies = new Map<string, CheckTally>();
  const tallyOf = (checkId: string): CheckTally => {
    let tally = tallies.get(checkId);
    if (!tally) tallies.set(checkId, (tally = { failures: 0, waived: 0, passes: 0, errors: 0, notEvaluated: [] }));
    return tally;
  };
  for (const result of input.results) {
    const tally = tallyOf(result.checkId);
    switch (result.status) {
      case 'fail':
        if (result.waived) tally.waived++;
        else tally.failures++;
        break;
      case 'pass':
        tally.passes++;
        break;
      case 'error':
        tally.errors++;
        break;
      case 'not-evaluated':
        if (!tally.notEvaluated.includes(result.message)) tally.notEvaluated.push(result.message);
        break;
    }
  }
  for (const [checkId, passes] of Object.entries(input.unrecordedPasses ?? {})) tallyOf(checkId).passes += passes;
  return tallies;
}

function evaluateControl(control: FrameworkControl, tallies: ReadonlyMap<string, CheckTally>, ranChecks: ReadonlySet<string>): ControlResult {
  const ran = control.checks.filter((checkId) => ranChecks.has(checkId));
  let failures = 0;
  let passes = 0;
  let waived = 0;
  const errored: string[] = [];
  const notEvaluated: string[] = [];
  for (const checkId of ran) {
    const tally = tallies.get(checkId);
    if (!tally) continue;
    failures += tally.failures;
    passes += tally.passes;
    waived += tally.waived;
    if (tally.errors > 0) errored.push(checkId);
    for (const message of tally.notEvaluated) if (!notEvaluated.includes(message)) notEvaluated.push(message);
  }
  const base = { id: control.id, title: control.title, checkIds: [...control.checks], failures, passes };
  if (failures > 0) return { ...base, status: 'fail' };
  if (errored.length > 0) return { ...base, status: 'not-evaluated', reason: `check errored: ${errored.join(', ')}` };
  if (passes > 0) return { ...base, status: 'pass' };
  if (control.checks.length === 0 && control.manual) return { ...base, status: 'manual', reason: control.manual };
  return { ...base, status: 'not-evaluated', reason: notEvaluatedReason(control, ran, waived, notEvaluated) };
}

/** Why nothing was decided, most specific first. */
function notEvaluatedReason(control: FrameworkControl, ran: readonly string[], waived: number, notEvaluated: readonly string[]): string {
  if (control.checks.length === 0) return `checks not built yet: ${control.planned.join(', ')}`;
  if (ran.length === 0) {
    // The ids are in checkIds already; what a reader needs is why none ran.
    const reason = 'its checks did not run on this input (not selected, or the input lacks the AWS or node data they need)';
    return control.planned.length > 0 ? `${reason}; not built yet: ${control.planned.join(', ')}` : reason;
  }
  if (waived > 0) return `only waived failures (${waived})`;
  if (notEvaluated.length > 0) return notEvaluated.join('; ');
  return `no resource in the input that these checks judge: ${ran.join(', ')}`;
}
