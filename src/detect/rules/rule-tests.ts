/**
 * Test cases for rules, as data: each case feeds events (inline, or from a file) to a fresh engine
 * and states how many alerts named rules must raise. So a rule file can ship with the events that
 * prove it fires and the ones that prove it stays quiet, and CI can run them with
 * `eksguard rules test rules.yaml --cases rules.tests.yaml`.
 *
 * ```yaml
 * tests:
 *   - name: a human reading a payments ConfigMap alerts
 *     event: { kind: Event, apiVersion: audit.k8s.io/v1, ... }   # one event, or
 *     events: [ {...}, {...} ]                                   # several (threshold rules), or
 *     file: events/readers.jsonl                                 # a file, relative to this one
 *     expect: { org-configmap-read-by-human: 1 }                 # alerts per rule id
 * ```
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { InputError } from '../../model/index.js';
import { classifyValue, type Collector, type DetectInput } from '../events/classify.js';
import { DEFAULT_MAX_EVENT_BYTES, readEvents } from '../events/read-events.js';
import { RuleEngine } from './engine.js';
import type { DetectionRule } from './rule.js';

export interface RuleTestCase {
  name: string;
  /** Where the case is written, for messages. */
  file: string;
  line: number;
  /** Inline events, or a file to read them from. */
  events: DetectInput[];
  eventsFile?: string;
  expect: Map<string, number>;
}

export interface RuleTestOutcome {
  test: RuleTestCase;
  /** Alerts raised per rule id (every rule that fired). */
  actual: Map<string, number>;
  /** One line per expectation not met (empty = passed). */
  failures: string[];
  /** Problems reading the case's events. */
  issues: string[];
}

const CASE_KEYS = new Set(['name', 'event', 'events', 'file', 'expect']);

/** Parses a cases file; errors name file, line and field, and the other cases still load. */
export function loadRuleTests(text: string, file: string): { tests: RuleTestCase[]; errors: InputError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const errors: InputError[] = [];
  if (doc.errors.length > 0) return { tests: [], errors: doc.errors.map((error) => ({ file, line: error.linePos?.[0].line, message: `invalid YAML: ${error.message.split('\n')[0]}` })) };
  const root = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const items = isRecord(root) && Array.isArray(root.tests) ? (root.tests as unknown[]) : undefined;
  if (!items) return { tests: [], errors: [{ file, line: 1, message: 'a cases file is a mapping with tests: (a list of { name, event | events | file, expect })' }] };
  const lineOf = (index: number): number => {
    const seq = doc.get('tests', true) as { items?: Array<{ range?: [number, number, number] }> } | undefined;
    const range = seq?.items?.[index]?.range;
    return range ? lines.linePos(range[0]).line : 1;
  };
  const tests: RuleTestCase[] = [];
  items.forEach((item, index) => {
    const line = lineOf(index);
    const fail = (field: string, message: string) => errors.push({ file, line, message: `tests[${index}]${field ? `.${field}` : ''}: ${message}` });
    if (!isRecord(item)) return fail('', 'a case is a mapping { name, event | events | file, expect }');
    for (const key of Object.keys(item)) if (!CASE_KEYS.has(key)) fail(key, `unknown field (expected ${[...CASE_KEYS].join(', ')})`);
    const name = typeof item.name === 'string' && item.name.trim() !== '' ? item.name : `case ${index + 1}`;
    const sources = ['event', 'events', 'file'].filter((key) => item[key] !== undefined);
    if (sources.length !== 1) return fail('', 'give exactly one of event, events or file');
    const expect = new Map<string, number>();
    if (!isRecord(item.expect) || Object.keys(item.expect).length === 0) return fail('expect', 'a mapping of rule id to the number of alerts, e.g. { k8s-exec-into-pod: 1 }');
    for (const [ruleId, count] of Object.entries(item.expect)) {
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) return fail(`expect.${ruleId}`, 'must be a whole number of alerts (0 or more)');
      expect.set(ruleId, count);
    }
    const test: RuleTestCase = { name, file, line, events: [], expect };
    if (item.file !== undefined) {
      if (typeof item.file !== 'string' || item.file === '') return fail('file', 'must be a path to an events file');
      test.eventsFile = isAbsolute(item.file) ? item.file : resolve(dirname(file), item.file);
    } else {
      const values = item.event !== undefined ? [item.event] : Array.isArray(item.events) ? item.events : undefined;
      if (!values) return fail('events', 'must be a list of events');
      const problems: string[] = [];
      const collector: Collector = {
        maxBytes: DEFAULT_MAX_EVENT_BYTES,
        item: (input) => test.events.push(input),
        issue: (_kind, at, message) => problems.push(`${at.where ?? ''}: ${message}`),
        skip: () => undefined,
      };
      values.forEach((value, i) => classifyValue(value, { file, line, where: `${item.event !== undefined ? 'event' : `events[${i}]`}` }, collector, false));
      if (problems.length > 0) return fail('', problems.join('; '));
    }
    tests.push(test);
  });
  return { tests, errors };
}

/** Runs each case against a fresh engine (threshold windows do not carry over between cases). */
export async function runRuleTests(tests: readonly RuleTestCase[], rules: readonly DetectionRule[]): Promise<RuleTestOutcome[]> {
  const known = new Set(rules.map((rule) => rule.id));
  const outcomes: RuleTestOutcome[] = [];
  for (const test of tests) {
    const engine = new RuleEngine(rules);
    const actual = new Map<string, number>();
    const issues: string[] = [];
    const count = (input: DetectInput) => {
      for (const alert of engine.evaluate(input)) actual.set(alert.ruleId, (actual.get(alert.ruleId) ?? 0) + 1);
    };
    if (test.eventsFile) {
      const reader = readEvents({ path: test.eventsFile });
      for await (const input of reader) count(input);
      issues.push(...reader.stats.issues.map((issue) => `${issue.file}:${issue.line}: ${issue.message}`));
    } else {
      test.events.forEach(count);
    }
    for (const [id, entry] of engine.stats.errorsByRule) issues.push(`rule ${id}: ${entry.count} evaluation error(s): ${entry.first}`);
    const failures: string[] = [];
    if (test.eventsFile && actual.size === 0 && issues.length > 0) failures.push('the events file could not be read (see issues)');
    for (const [ruleId, expected] of test.expect) {
      if (!known.has(ruleId)) failures.push(`${ruleId}: no such rule loaded`);
      else if ((actual.get(ruleId) ?? 0) !== expected) failures.push(`${ruleId}: expected ${expected} alert(s), got ${actual.get(ruleId) ?? 0}`);
    }
    outcomes.push({ test, actual, failures, issues });
  }
  return outcomes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
