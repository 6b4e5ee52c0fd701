import type { CheckMeta, Inventory, InputError, ScanResult, Severity } from '../model/index.js';
import { InventoryView, type Locator } from '../inventory/index.js';
import { buildScanResult, evaluate, type AnyCheck } from '../checks/index.js';
import { refsByCheck } from '../frameworks/index.js';
import type { LoadedPolicy } from './policy-loader.js';
import { VERSION } from './version.js';

export interface ScanInput {
  inventory: Inventory;
  locator?: Locator;
  inputErrors: InputError[];
}

export interface ScanOutcome {
  result: ScanResult;
  catalogue: CheckMeta[];
}

/** Runs the selected checks over an inventory, whatever it was collected from. */
export function scanInventory(
  input: ScanInput,
  policy: LoadedPolicy,
  options: { includePassed: boolean; now?: Date },
): ScanOutcome {
  const view = new InventoryView(input.inventory, input.locator);
  const refs = refsByCheck();
  const checks: readonly AnyCheck[] = policy.checks;
  const evaluation = evaluate(view, checks, {
    ...policy.engine,
    refs: (checkId) => refs.get(checkId) ?? {},
    recordPasses: options.includePassed,
  });
  const now = options.now ?? new Date();
  const result = buildScanResult({
    results: evaluation.results,
    unrecordedPasses: options.includePassed ? 0 : evaluation.passed,
    resources: evaluation.resources,
    inputErrors: input.inputErrors,
    expiredExceptions: policy.expiredExceptions,
    checks: checks.length,
    toolVersion: VERSION,
    scannedAt: now,
  });
  return { result, catalogue: checks.map(metaOf) };
}

function metaOf(check: AnyCheck): CheckMeta {
  const { id, title, severity, area, description, remediation, messages, links, options } = check;
  const meta: CheckMeta = { id, title, severity, area, description, remediation, messages };
  if (links) meta.links = links;
  if (options) meta.options = options;
  return meta;
}

export type FailOn = Severity | 'none';
