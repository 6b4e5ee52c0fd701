import type { CheckResult } from '../model/index.js';
import { frameworks, type Framework } from './framework-files.js';
import { selects, type CheckSelector } from './selector.js';

interface ControlRef {
  framework: string;
  control: string;
  selectors: CheckSelector[];
}

function controlRefsByCheck(list: readonly Framework[]): Map<string, ControlRef[]> {
  const byCheck = new Map<string, ControlRef[]>();
  for (const framework of list) {
    for (const control of framework.controls) {
      for (const checkId of control.checks) {
        const selectors = control.selectors.filter((selector) => selector.check === checkId);
        let refs = byCheck.get(checkId);
        if (!refs) byCheck.set(checkId, (refs = []));
        refs.push({ framework: framework.id, control: control.id, selectors });
      }
    }
  }
  return byCheck;
}

/** check id → framework id → control ids, for every check a framework names (whatever part of it). */
export function refsByCheck(list: readonly Framework[] = frameworks()): Map<string, Record<string, string[]>> {
  const refs = new Map<string, Record<string, string[]>>();
  for (const [checkId, controls] of controlRefsByCheck(list)) {
    const byFramework: Record<string, string[]> = {};
    for (const { framework, control } of controls) (byFramework[framework] ??= []).push(control);
    refs.set(checkId, byFramework);
  }
  return refs;
}

/**
 * The controls one result belongs to (framework id → control ids): a control that selects part
 * of a check lists only the results of that part, so a kubelet finding about eventRecordQPS
 * names CIS 3.2.7 and not 3.2.5.
 */
export function refsResolver(list: readonly Framework[] = frameworks()): (result: CheckResult) => Record<string, string[]> {
  const byCheck = controlRefsByCheck(list);
  return (result) => {
    const refs: Record<string, string[]> = {};
    for (const { framework, control, selectors } of byCheck.get(result.checkId) ?? []) {
      if (selectors.some((selector) => selects(selector, result))) (refs[framework] ??= []).push(control);
    }
    return refs;
  };
}
