import {
  severityRank,
  type AttackPath,
  type CheckMeta,
  type CheckResult,
  type ExpiredException,
  type InputError,
  type ScanResult,
  type Status,
} from '../model/index.js';
import { artifactOf, normalizeFilePath } from './artifact-location.js';
import { evidenceText, findingsByPath, pathEnds, stepText } from './attack-paths.js';
import { sortedRefs } from './refs.js';
import type { ReportOptions } from './report-options.js';
import { compareResources, compareText, resourceLabel } from './resource-label.js';
import { shownResults } from './results-shown.js';
import { attributes, xmlText, type Attributes } from './xml.js';

interface TestCase {
  name: string;
  classname: string;
  file?: string;
  line?: number;
  /** The element inside the testcase: failure, error or skipped; none for a pass. */
  outcome?: { element: 'failure' | 'error' | 'skipped'; message: string; type?: string; body?: string };
}

interface TestSuite {
  name: string;
  properties: Array<[string, string]>;
  cases: TestCase[];
}

/**
 * JUnit XML, one testsuite per check (CI test views list suites with their counts, so a check
 * reads as "wl-privileged: 2 failed"), one testcase per finding. The classname
 * `eksguard.<area>.<check>` gives Jenkins its package tree by area. Fail → failure, error →
 * error, not evaluated → skipped, waived → skipped with the waiver; passes only when asked for.
 * Attack paths, when the graph was built, are a suite of their own: one failing case per path.
 */
export function renderJunit(result: ScanResult, catalogue: readonly CheckMeta[], options: ReportOptions): string {
  const titles = new Map(catalogue.map((meta) => [meta.id, meta.title]));
  const byCheck = new Map<string, CheckResult[]>();
  for (const entry of shownResults(result, options)) {
    const list = byCheck.get(entry.checkId);
    if (list) list.push(entry);
    else byCheck.set(entry.checkId, [entry]);
  }

  const suites: TestSuite[] = [];
  if (result.inputErrors.length > 0) suites.push(inputSuite(result.inputErrors));
  if (result.attackPaths && result.attackPaths.length > 0) suites.push(attackPathSuite(result.attackPaths, result.results));
  for (const checkId of [...byCheck.keys()].sort(compareText)) {
    suites.push(checkSuite(checkId, titles.get(checkId), byCheck.get(checkId) ?? []));
  }
  if (result.expiredExceptions.length > 0) suites.push(exceptionSuite(result.expiredExceptions));

  const totals = countAll(suites.flatMap((suite) => suite.cases));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'eksguard', ...totals, time: 0, timestamp: result.scannedAt })}>`,
    ...suites.flatMap((suite) => suiteLines(suite, result.scannedAt)),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

function checkSuite(checkId: string, title: string | undefined, entries: CheckResult[]): TestSuite {
  const first = entries[0];
  const worst = entries.reduce<CheckResult | undefined>(
    (max, entry) => (!max || severityRank(entry.severity) > severityRank(max.severity) ? entry : max),
    undefined,
  );
  const sorted = [...entries].sort(compareEntries);
  const names = uniqueNames(sorted);
  return {
    name: `${checkId}: ${title ?? first?.title ?? checkId}`,
    properties: [
      ['check', checkId],
      ['area', first?.area ?? ''],
      ['severity', worst?.severity ?? ''],
    ],
    cases: sorted.map((entry, index) => caseOf(entry, names[index] ?? resourceLabel(entry.resource))),
  };
}

const STATUS_ORDER: Record<Status, number> = { error: 0, fail: 1, 'not-evaluated': 2, pass: 3 };

function compareEntries(a: CheckResult, b: CheckResult): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    Number(Boolean(a.waived)) - Number(Boolean(b.waived)) ||
    compareResources(a.resource, b.resource) ||
    compareText(a.container ?? '', b.container ?? '') ||
    compareText(a.path ?? '', b.path ?? '')
  );
}

/**
 * Resource and container name a testcase; CI views merge or hide cases that share a name, so
 * the evidence path (then a counter) is added only where two findings would otherwise collide.
 */
function uniqueNames(entries: readonly CheckResult[]): string[] {
  const base = entries.map(
    (entry) => resourceLabel(entry.resource) + (entry.container !== undefined ? ` [${entry.container}]` : ''),
  );
  const baseCounts = countsOf(base);
  return numberDuplicates(
    base.map((name, index) => {
      const path = entries[index]?.path;
      return path && (baseCounts.get(name) ?? 0) > 1 ? `${name} at ${path}` : name;
    }),
  );
}

/** Later occurrences of a repeated name get `#2`, `#3`, …; the first keeps its name. */
function numberDuplicates(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} #${count}`;
  });
}

function countsOf(names: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function caseOf(entry: CheckResult, name: string): TestCase {
  const testCase: TestCase = { name, classname: `eksguard.${entry.area}.${entry.checkId}` };
  if (entry.location) {
    const artifact = artifactOf(entry.location);
    testCase.file = normalizeFilePath(artifact.file);
    if (artifact.line !== undefined) testCase.line = artifact.line;
  }
  const body = detailsOf(entry);
  if (entry.status === 'fail' && entry.waived) {
    const until = entry.waived.expires ? ` until ${entry.waived.expires}` : '';
    testCase.outcome = {
      element: 'skipped',
      message: `waived (${entry.waived.source}${until}): ${entry.waived.reason}`,
      body,
    };
  } else if (entry.status === 'fail') {
    testCase.outcome = { element: 'failure', message: entry.message, type: entry.severity, body };
  } else if (entry.status === 'error') {
    testCase.outcome = { element: 'error', message: entry.message, type: 'check-error', body };
  } else if (entry.status === 'not-evaluated') {
    testCase.outcome = { element: 'skipped', message: `not evaluated: ${entry.message}`, body };
  }
  return testCase;
}

function detailsOf(entry: CheckResult): string {
  const lines = [`${entry.checkId} (${entry.severity}): ${entry.title}`];
  lines.push(`Resource: ${resourceLabel(entry.resource)}${entry.container !== undefined ? `, container "${entry.container}"` : ''}`);
  if (entry.path) lines.push(`Evidence: ${entry.path}`);
  if (entry.location) {
    const { file, line, helmSource } = entry.location;
    lines.push(`Location: ${file}:${line}${helmSource ? ` (template ${helmSource})` : ''}`);
  }
  if (entry.status === 'fail') {
    lines.push(`Remediation: ${entry.remediation}`);
    if (entry.fix) lines.push(`Fix (${entry.fix.kind}): ${entry.fix.description}`);
  }
  const refs = Object.entries(sortedRefs(entry.refs))
    .filter(([, controls]) => controls.length > 0)
    .map(([framework, controls]) => `${framework} ${controls.join(', ')}`);
  if (refs.length > 0) lines.push(`References: ${refs.join('; ')}`);
  lines.push(`Fingerprint: ${entry.fingerprint}`);
  return lines.join('\n');
}

function inputSuite(errors: readonly InputError[]): TestSuite {
  return {
    name: 'input',
    properties: [],
    cases: errors.map((error) => {
      const where = error.line !== undefined ? `${error.file}:${error.line}` : error.file;
      const testCase: TestCase = {
        name: where,
        classname: 'eksguard.input',
        file: normalizeFilePath(error.file),
        outcome: { element: 'error', message: error.message, type: 'input-error', body: `${where}: ${error.message}` },
      };
      if (error.line !== undefined) testCase.line = error.line;
      return testCase;
    }),
  };
}

/** Each path fails: it is a way in that a fix on any of its steps would close. */
function attackPathSuite(paths: readonly AttackPath[], results: readonly CheckResult[]): TestSuite {
  const findings = findingsByPath(results);
  const names = numberDuplicates(paths.map((path) => `${path.title}: ${pathEnds(path)}`));
  return {
    name: 'attack-paths',
    properties: [],
    cases: paths.map((path, index) => {
      const onPath = findings.get(path.id) ?? [];
      const lines = [`${path.title} (${path.severity}, score ${Math.round(path.score)})`, `Query: ${path.query}`, 'Steps:'];
      for (const step of path.steps) {
        const checks = step.checkIds && step.checkIds.length > 0 ? ` (enabled by ${step.checkIds.join(', ')})` : '';
        lines.push(`  ${stepText(step)}${checks}`);
        for (const evidence of step.evidence) lines.push(`      ${evidenceText(evidence)}`);
      }
      if (onPath.length > 0) {
        lines.push('Findings on this path:');
        for (const entry of onPath) lines.push(`  ${entry.checkId} (${entry.severity}) ${resourceLabel(entry.resource)}: ${entry.message}`);
      }
      lines.push(`Id: ${path.id}`);
      return {
        name: names[index] ?? path.id,
        classname: `eksguard.attack-paths.${path.query}`,
        outcome: {
          element: 'failure',
          type: path.severity,
          message: `${path.title}: ${path.steps.length} ${path.steps.length === 1 ? 'step' : 'steps'}, score ${Math.round(path.score)}`,
          body: lines.join('\n'),
        },
      };
    }),
  };
}

/** An expired exception is a stale piece of configuration: a failed check of that configuration. */
function exceptionSuite(expired: readonly ExpiredException[]): TestSuite {
  const names = numberDuplicates(expired.map((exception) => `${exception.checkId} exception from ${exception.source}`));
  return {
    name: 'exceptions',
    properties: [],
    cases: expired.map((exception, index) => ({
      name: names[index] ?? exception.checkId,
      classname: 'eksguard.exceptions',
      outcome: {
        element: 'failure',
        type: 'exception-expired',
        message: `expired on ${exception.expires}: ${exception.reason}`,
        body:
          `Exception for ${exception.checkId} in ${exception.source} expired on ${exception.expires}; ` +
          `the findings it waived count again.\nReason given: ${exception.reason}`,
      },
    })),
  };
}

function countAll(cases: readonly TestCase[]): { tests: number; failures: number; errors: number; skipped: number } {
  return {
    tests: cases.length,
    failures: cases.filter((testCase) => testCase.outcome?.element === 'failure').length,
    errors: cases.filter((testCase) => testCase.outcome?.element === 'error').length,
    skipped: cases.filter((testCase) => testCase.outcome?.element === 'skipped').length,
  };
}

function suiteLines(suite: TestSuite, timestamp: string): string[] {
  const head: Attributes = { name: suite.name, ...countAll(suite.cases), time: 0, timestamp };
  const lines = [`  <testsuite${attributes(head)}>`];
  if (suite.properties.length > 0) {
    lines.push('    <properties>');
    for (const [name, value] of suite.properties) lines.push(`      <property${attributes({ name, value })}/>`);
    lines.push('    </properties>');
  }
  for (const testCase of suite.cases) lines.push(...caseLines(testCase));
  lines.push('  </testsuite>');
  return lines;
}

function caseLines(testCase: TestCase): string[] {
  const head = attributes({
    name: testCase.name,
    classname: testCase.classname,
    file: testCase.file,
    line: testCase.line,
    time: 0,
  });
  const outcome = testCase.outcome;
  if (!outcome) return [`    <testcase${head}/>`];
  const open = `<${outcome.element}${attributes({ message: outcome.message, type: outcome.type })}`;
  const inner = outcome.body === undefined ? `${open}/>` : `${open}>${xmlText(outcome.body)}</${outcome.element}>`;
  return [`    <testcase${head}>`, `      ${inner}`, '    </testcase>'];
}
