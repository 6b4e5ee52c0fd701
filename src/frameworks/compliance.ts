import {
  CONTROL_STATUSES,
  type CheckResult,
  type ComplianceReport,
  type ControlResult,
  type ControlStatus,
} from '../model/index.js';
import type { Framework, FrameworkControl } from './framework-files.js';
import { isPartial, selects, type CheckSelector } from './selector.js';

export interface ComplianceInput {
  /** The scan's results (passes may be missing when they were only counted). */
  results: readonly CheckResult[];
  /** Ids of the checks the scan ran: a mapped check outside it decides nothing. */
  ranChecks: ReadonlySet<string>;
  /** Passes counted but not recorded as results, by check id. */
  unrecordedPasses?: Readonly<Record<string, number>>;
}

/** One check's results: passes counted, everything else kept to be picked by selectors. */
interface CheckOutcome {
  passes: number;
  /** Results other than passes, grouped by the resource they judge. */
  byResource: Map<string, CheckResult[]>;
}

/** What one control's checks said, selector by selector. */
interface ControlTally {
  failures: Set<CheckResult>;
  waived: Set<CheckResult>;
  passes: number;
  errored: string[];
  /** Check id → why it did not decide, for the checks that said so. */
  notEvaluated: Map<string, string[]>;
}

/**
 * A framework measured against one scan, control by control (the rules are those of
 * ControlStatus): an unwaived failure fails a control; it passes only when every check it names
 * is built, ran and decided its part (passes, or failures all waived); a control with no checks
 * and a manual reason is manual; anything else is not evaluated, saying which checks did not decide.
 */
export function evaluateCompliance(framework: Framework, input: ComplianceInput): ComplianceReport {
  const outcomes = outcomesByCheck(input);
  const controls = framework.controls.map((control) => evaluateControl(control, outcomes, input.ranChecks));
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

function resourceKey(result: CheckResult): string {
  const { kind, namespace, name } = result.resource;
  return JSON.stringify([kind, namespace ?? '', name]);
}

function outcomesByCheck(input: ComplianceInput): Map<string, CheckOutcome> {
  const outcomes = new Map<string, CheckOutcome>();
  const outcomeOf = (checkId: string): CheckOutcome => {
    let outcome = outcomes.get(checkId);
    if (!outcome) outcomes.set(checkId, (outcome = { passes: 0, byResource: new Map() }));
    return outcome;
  };
  for (const result of input.results) {
    const outcome = outcomeOf(result.checkId);
    if (result.status === 'pass') {
      outcome.passes++;
      continue;
    }
    const key = resourceKey(result);
    const list = outcome.byResource.get(key);
    if (list) list.push(result);
    else outcome.byResource.set(key, [result]);
  }
  for (const [checkId, passes] of Object.entries(input.unrecordedPasses ?? {})) outcomeOf(checkId).passes += passes;
  return outcomes;
}

function tallySelector(tally: ControlTally, selector: CheckSelector, outcome: CheckOutcome): void {
  tally.passes += outcome.passes;
  for (const results of outcome.byResource.values()) {
    const selected = results.filter((result) => selects(selector, result));
    // The check judged this resource and found nothing about the selected part: a pass of it.
    if (selected.length === 0 && isPartial(selector)) tally.passes++;
    for (const result of selected) {
      if (result.status === 'fail') (result.waived ? tally.waived : tally.failures).add(result);
      else if (result.status === 'error') {
        if (!tally.errored.includes(result.checkId)) tally.errored.push(result.checkId);
      } else {
        const messages = tally.notEvaluated.get(result.checkId) ?? [];
        if (!messages.includes(result.message)) messages.push(result.message);
        tally.notEvaluated.set(result.checkId, messages);
      }
    }
  }
}

function evaluateControl(control: FrameworkControl, outcomes: ReadonlyMap<string, CheckOutcome>, ranChecks: ReadonlySet<string>): ControlResult {
  const tally: ControlTally = { failures: new Set(), waived: new Set(), passes: 0, errored: [], notEvaluated: new Map() };
  const notRun = control.checks.filter((checkId) => !ranChecks.has(checkId));
  for (const selector of control.selectors) {
    if (!ranChecks.has(selector.check)) continue;
    const outcome = outcomes.get(selector.check);
    if (outcome) tallySelector(tally, selector, outcome);
  }
  const result: ControlResult = {
    id: control.id,
    title: control.title,
    status: 'not-evaluated',
    checkIds: [...control.checks],
    failures: tally.failures.size,
    passes: tally.passes,
    waived: tally.waived.size,
  };
  if (result.failures > 0) return { ...result, status: 'fail' };
  if (control.checks.length === 0) {
    if (control.manual) return { ...result, status: 'manual', reason: control.manual };
    return { ...result, reason: `checks not built yet: ${control.planned.join(', ')}` };
  }
  const undecided = undecidedReasons(control, notRun, tally);
  if (undecided.length > 0) return { ...result, reason: undecided.join('; ') };
  if (tally.passes > 0 || tally.waived.size > 0) return { ...result, status: 'pass' };
  return { ...result, reason: `no resource in the input that these checks judge: ${control.checks.join(', ')}` };
}

/** Why part of the control was not decided: each reason names the checks it concerns. */
function undecidedReasons(control: FrameworkControl, notRun: readonly string[], tally: ControlTally): string[] {
  const reasons: string[] = [];
  if (notRun.length > 0) {
    reasons.push(`did not run on this input (not selected, or the input lacks the AWS or node data they need): ${notRun.join(', ')}`);
  }
  if (tally.errored.length > 0) reasons.push(`check errored: ${tally.errored.join(', ')}`);
  for (const [checkId, messages] of tally.notEvaluated) reasons.push(`${checkId} not evaluated: ${messages.join('; ')}`);
  if (control.planned.length > 0) reasons.push(`part of this control is not built yet: ${control.planned.join(', ')}`);
  return reasons;
}
