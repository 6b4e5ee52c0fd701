import { describe, expect, it } from 'vitest';
import type { AwsData, CheckResult, Inventory, K8sObject } from '../../model/index.js';
import { InventoryView, refKey } from '../../inventory/index.js';
import { loadManifestText } from '../../collect/files/index.js';
import type { AnyCheck } from '../define-check.js';
import { runCheck } from '../engine.js';
import { declaredFixKinds, emptyTally, verifyCaseFixes, type FixTally } from './fix-verifier.js';

export interface ExpectedFinding {
  /** `Kind/namespace/name`, `Kind/name` or just the name. */
  resource?: string;
  container?: string;
  path?: string;
  message?: string | RegExp;
  severity?: CheckResult['severity'];
}

export interface CheckCase {
  name: string;
  /** Manifests, as a multi-document YAML stream. */
  yaml: string;
  options?: Record<string, unknown>;
  aws?: AwsData;
  kubeletConfigs?: Inventory['kubeletConfigs'];
  images?: Inventory['images'];
  source?: Partial<Inventory['source']>;
  errors?: Inventory['errors'];
  /**
   * For fail cases: exactly these failures, in any order. Omitted, any failure will do.
   * For not-evaluated cases: the reasons expected (message) and where.
   */
  expect?: ExpectedFinding[];
}

export interface CheckCases {
  pass: CheckCase[];
  fail: CheckCase[];
  notEvaluated?: CheckCase[];
}

export function scanCase(check: AnyCheck, testCase: CheckCase): { results: CheckResult[]; objects: K8sObject[] } {
  const loaded = loadManifestText(testCase.yaml, 'case.yaml');
  if (loaded.errors.length > 0) {
    throw new Error(`case "${testCase.name}" has input errors: ${JSON.stringify(loaded.errors)}`);
  }
  const inventory: Inventory = {
    source: { type: 'manifests', ...testCase.source },
    objects: loaded.objects,
    errors: testCase.errors ?? [],
  };
  if (testCase.aws) inventory.aws = testCase.aws;
  if (testCase.kubeletConfigs) inventory.kubeletConfigs = testCase.kubeletConfigs;
  if (testCase.images) inventory.images = testCase.images;
  const view = new InventoryView(inventory, loaded.sources);
  const policy = testCase.options ? { options: { [check.id]: testCase.options } } : {};
  const results = runCheck(view, check, policy);
  return { results, objects: loaded.objects.map((entry) => entry.object) };
}

function matches(result: CheckResult, expected: ExpectedFinding): boolean {
  if (expected.resource !== undefined) {
    const key = refKey(result.resource);
    if (key !== expected.resource && result.resource.name !== expected.resource) return false;
  }
  if (expected.container !== undefined && result.container !== expected.container) return false;
  if (expected.path !== undefined && result.path !== expected.path) return false;
  if (expected.severity !== undefined && result.severity !== expected.severity) return false;
  if (expected.message !== undefined) {
    if (typeof expected.message === 'string' ? !result.message.includes(expected.message) : !expected.message.test(result.message)) {
      return false;
    }
  }
  return true;
}

function summary(results: CheckResult[]): string {
  return JSON.stringify(
    results.map((r) => ({ status: r.status, resource: refKey(r.resource), container: r.container, path: r.path, message: r.message })),
    null,
    1,
  );
}

function expectMatched(results: CheckResult[], expected: ExpectedFinding[]): void {
  const unmatched = [...results];
  for (const want of expected) {
    const index = unmatched.findIndex((result) => matches(result, want));
    expect(index, `expected ${JSON.stringify(want)} among ${summary(results)}`).toBeGreaterThanOrEqual(0);
    unmatched.splice(index, 1);
  }
  expect(unmatched, `unexpected extra results: ${summary(unmatched)}`).toHaveLength(0);
}

/**
 * Runs a check's pass, fail and not-evaluated cases through the real loader and engine. A pass
 * case must produce passes and nothing else, so it cannot pass by evaluating nothing; a fail
 * case's fixes are applied to its YAML text and must make those findings go away.
 */
export function describeCheck(check: AnyCheck, cases: CheckCases): void {
  describe(check.id, () => {
    it('has pass and fail cases', () => {
      expect(cases.pass.length, 'pass cases').toBeGreaterThan(0);
      expect(cases.fail.length, 'fail cases').toBeGreaterThan(0);
    });

    for (const testCase of cases.pass) {
      it(`passes: ${testCase.name}`, () => {
        const { results } = scanCase(check, testCase);
        const notPassed = results.filter((result) => result.status !== 'pass');
        expect(notPassed, summary(notPassed)).toHaveLength(0);
        expect(results.length, 'a pass case must evaluate something').toBeGreaterThan(0);
      });
    }

    for (const testCase of cases.fail) {
      it(`fails: ${testCase.name}`, () => {
        const { results } = scanCase(check, testCase);
        const errors = results.filter((result) => result.status === 'error');
        expect(errors, summary(errors)).toHaveLength(0);
        const failures = results.filter((result) => result.status === 'fail');
        expect(failures.length, `no failure in ${summary(results)}`).toBeGreaterThan(0);
        if (testCase.expect) expectMatched(failures, testCase.expect);
        for (const failure of failures) expect(failure.message).not.toMatch(/\{\{/);
        verifyFixes(check, testCase, failures);
      });
    }

    it('applies the fixes it declares', () => expectDeclaredFixesTested(check, cases));

    for (const testCase of cases.notEvaluated ?? []) {
      it(`is not evaluated: ${testCase.name}`, () => {
        const { results } = scanCase(check, testCase);
        const notEvaluated = results.filter((result) => result.status === 'not-evaluated');
        expect(notEvaluated.length, `no not-evaluated result in ${summary(results)}`).toBeGreaterThan(0);
        expect(results.filter((result) => result.status === 'pass' || result.status === 'error')).toHaveLength(0);
        if (testCase.expect) expectMatched(notEvaluated, testCase.expect);
      });
    }
  });
}

/**
 * Applies each fix aimed at an object of the case's manifests to the case's YAML text (the
 * format-preserving editor `eksguard fix` uses) and expects the finding gone and every line
 * outside the touched nodes unchanged.
 */
function verifyFixes(check: AnyCheck, testCase: CheckCase, failures: CheckResult[], tally: FixTally = emptyTally()): void {
  const rescan = (yaml: string): CheckResult[] => scanCase(check, { ...testCase, yaml }).results;
  const problems = verifyCaseFixes(testCase.yaml, failures, rescan, tally);
  expect(problems.map(({ failure, problem }) => `${failure.message}: ${problem}`)).toEqual([]);
}

/** A check whose source declares a fix must have a fail case whose fix is applied and verified. */
function expectDeclaredFixesTested(check: AnyCheck, cases: CheckCases): void {
  const declared = declaredFixKinds(check);
  if (declared.size === 0) return;
  const tally = emptyTally();
  for (const testCase of cases.fail) {
    const failures = scanCase(check, testCase).results.filter((result) => result.status === 'fail');
    verifyFixes(check, testCase, failures, tally);
  }
  const produced = tally.patchApplied + tally.suggestionApplied + tally.outsideManifests;
  expect(produced, `${check.id} declares fixes (${[...declared].join(', ')}) but no fail case produced one`).toBeGreaterThan(0);
  // Fixes of AWS-side settings cannot be applied to manifests; the others must be exercised.
  if (tally.outsideManifests === 0) {
    for (const kind of declared) {
      const applied = kind === 'patch' ? tally.patchApplied : tally.suggestionApplied;
      expect(applied, `${check.id} declares a ${kind} fix but no fail case applied one`).toBeGreaterThan(0);
    }
  }
}
