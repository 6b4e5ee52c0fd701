import type { CheckMeta, CheckResult, Inventory, InputError, ScanResult, Severity } from '../model/index.js';
import { InventoryView, type Locator } from '../inventory/index.js';
import { buildScanResult, evaluate, type AnyCheck } from '../checks/index.js';
import { evaluateCompliance, findFramework, frameworkChecks, frameworks, refsByCheck, UnknownFrameworkError, type Framework } from '../frameworks/index.js';
import { analyzeAttackPaths } from '../graph/index.js';
import { UsageError } from './exit-codes.js';
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
  /** Why the attack-path analysis failed; the check results stand without it. */
  analysisError?: InputError;
}

/** Where an attack-path analysis failure is reported among the input errors. */
export const ANALYSIS_ERROR_FILE = 'attack-path analysis';

export interface ScanPipelineOptions {
  includePassed: boolean;
  now?: Date;
  /** Build the security graph, search the attack paths and score findings (default true). */
  attackPaths?: boolean;
  /**
   * `--framework`: run only the checks this framework names (so results, summary and attack paths
   * all agree) and measure compliance against it alone, instead of against every framework.
   */
  framework?: string;
}

/** Runs the selected checks over an inventory, whatever it was collected from, then the attack-path analysis. */
export function scanInventory(input: ScanInput, policy: LoadedPolicy, options: ScanPipelineOptions): ScanOutcome {
  const view = new InventoryView(input.inventory, input.locator);
  const refs = refsByCheck();
  const chosen = options.framework === undefined ? undefined : frameworkNamed(options.framework);
  const checks: readonly AnyCheck[] = chosen ? onlyChecksOf(chosen, policy.checks) : policy.checks;
  const evaluation = evaluate(view, checks, {
    ...policy.engine,
    refs: (checkId) => refs.get(checkId) ?? {},
    recordPasses: options.includePassed,
  });
  let results: CheckResult[] = evaluation.results;
  let attackPaths: ScanResult['attackPaths'];
  let limitsReached: string[] = [];
  let waivedPaths = 0;
  let analysisError: InputError | undefined;
  if (options.attackPaths !== false) {
    try {
      // Only failures matter to the analysis; passes, when recorded, pass through untouched.
      const analysis = analyzeAttackPaths(view, results);
      results = analysis.results;
      attackPaths = analysis.paths;
      limitsReached = analysis.limitsReached;
      waivedPaths = analysis.waivedPaths;
    } catch (error) {
      // A fault in the graph must never cost the check results: report it and go on without paths.
      analysisError = { file: ANALYSIS_ERROR_FILE, message: `attack paths were not searched: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const now = options.now ?? new Date();
  const result = buildScanResult({
    results,
    unrecordedPasses: options.includePassed ? 0 : evaluation.passed,
    resources: evaluation.resources,
    inputErrors: analysisError ? [...input.inputErrors, analysisError] : input.inputErrors,
    expiredExceptions: policy.expiredExceptions,
    checks: checks.length,
    toolVersion: VERSION,
    scannedAt: now,
  });
  if (attackPaths) result.attackPaths = attackPaths;
  if (limitsReached.length > 0) result.attackPathLimitsReached = limitsReached;
  if (waivedPaths > 0) result.attackPathsWaived = waivedPaths;
  const ranChecks = new Set(checks.map((check) => check.id));
  result.compliance = (chosen ? [chosen] : frameworks()).map((framework) =>
    evaluateCompliance(framework, {
      results,
      ranChecks,
      ...(options.includePassed ? {} : { unrecordedPasses: evaluation.passedByCheck }),
    }),
  );
  const outcome: ScanOutcome = { result, catalogue: checks.map(metaOf) };
  if (analysisError) outcome.analysisError = analysisError;
  return outcome;
}

function frameworkNamed(id: string): Framework {
  try {
    return findFramework(id);
  } catch (error) {
    if (error instanceof UnknownFrameworkError) throw new UsageError(`--framework: ${error.message}`);
    throw error;
  }
}

/** The selected checks the framework names; --checks and --skip-checks narrow it further. */
function onlyChecksOf(framework: Framework, selected: readonly AnyCheck[]): AnyCheck[] {
  const named = frameworkChecks(framework);
  return selected.filter((check) => named.has(check.id));
}

function metaOf(check: AnyCheck): CheckMeta {
  const { id, title, severity, area, description, remediation, messages, links, options } = check;
  const meta: CheckMeta = { id, title, severity, area, description, remediation, messages };
  if (links) meta.links = links;
  if (options) meta.options = options;
  return meta;
}

export type FailOn = Severity | 'none';
