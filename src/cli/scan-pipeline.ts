import type { CheckMeta, CheckResult, Inventory, InputError, ScanResult, Severity } from '../model/index.js';
import { InventoryView, type Locator } from '../inventory/index.js';
import { buildScanResult, evaluate, type AnyCheck } from '../checks/index.js';
import { evaluateCompliance, findFramework, frameworkChecks, frameworks, refsResolver, UnknownFrameworkError, type Framework } from '../frameworks/index.js';
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
  const chosen = options.framework === undefined ? undefined : frameworkNamed(options.framework);
  const measured = chosen ? [chosen] : frameworks();
  const checks: readonly AnyCheck[] = chosen ? onlyChecksOf(chosen, policy.checks) : policy.checks;
  const evaluation = evaluate(view, checks, { ...policy.engine, recordPasses: options.includePassed });
  let results: CheckResult[] = evaluation.results;
  // Refs per result, not per check: a check covering several controls names only those its
  // finding is about; with --framework, only that framework's controls.
  const refsOf = refsResolver(measured);
  for (const entry of results) entry.refs = refsOf(entry);
  // With --framework, a finding no control of it selects (a restricted-only PSS finding in a
  // pss-baseline scan, a node-role finding unrelated to ECR in CIS) is outside the scan's scope.
  if (chosen) results = results.filter((entry) => entry.status !== 'fail' || Object.keys(entry.refs).length > 0);
  // Compliance reads every result; evidence-only checks are listed only when the chosen framework names them.
  const measuredResults = results;
  const hidden = new Set(checks.filter((check) => check.evidenceOnly && !(chosen && frameworkChecks(chosen).has(check.id))).map((check) => check.id));
  if (hidden.size > 0) results = results.filter((entry) => !hidden.has(entry.checkId));
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
    unrecordedPasses: options.includePassed ? 0 : evaluation.passed - hiddenPasses(evaluation.passedByCheck, hidden),
    resources: evaluation.resources,
    inputErrors: analysisError ? [...input.inputErrors, analysisError] : input.inputErrors,
    expiredExceptions: policy.expiredExceptions,
    checks: checks.length - hidden.size,
    toolVersion: VERSION,
    scannedAt: now,
  });
  if (attackPaths) result.attackPaths = attackPaths;
  if (limitsReached.length > 0) result.attackPathLimitsReached = limitsReached;
  if (waivedPaths > 0) result.attackPathsWaived = waivedPaths;
  const ranChecks = new Set(checks.map((check) => check.id));
  result.compliance = measured.map((framework) =>
    evaluateCompliance(framework, {
      results: measuredResults,
      ranChecks,
      ...(options.includePassed ? {} : { unrecordedPasses: evaluation.passedByCheck }),
    }),
  );
  const outcome: ScanOutcome = { result, catalogue: checks.map(metaOf) };
  if (analysisError) outcome.analysisError = analysisError;
  return outcome;
}

function hiddenPasses(passedByCheck: Record<string, number>, hidden: ReadonlySet<string>): number {
  let passes = 0;
  for (const id of hidden) passes += passedByCheck[id] ?? 0;
  return passes;
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
