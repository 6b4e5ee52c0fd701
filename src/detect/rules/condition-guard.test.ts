import { Environment } from '@marcbachmann/cel-js';
import { describe, expect, it } from 'vitest';
import type { DetectInput } from '../events/index.js';
import { IntelIndex } from '../intel/index.js';
import { loadBuiltinRules } from './builtin.js';
import { compileGuard, UNKNOWN } from './condition-guard.js';
import { intelFunctions, withIntelFunctions } from './intel-functions.js';
import { BUILTIN_CASES } from './test-support/builtin-cases.js';
import { BUILTIN_TEST_INTEL } from './test-support/intel-cases.js';

const base = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false }).registerVariable('event', 'map').registerVariable('lists', 'map<string, list<string>>');

/** The guard and CEL for one condition: each answers for an event (CEL with an Error when it fails). */
function compileBoth(condition: string, intel = IntelIndex.EMPTY, lists: Record<string, string[]> = {}): (event: unknown) => { guard: unknown; cel: unknown } {
  const environment = withIntelFunctions(base, intel);
  const guard = compileGuard(environment.parse(condition).ast, intelFunctions(intel), { lists });
  const compiled = environment.parse(condition);
  compiled.check();
  return (event) => {
    let cel: unknown;
    try {
      cel = compiled({ event, lists });
    } catch (error) {
      cel = error;
    }
    return { guard: guard ? guard(event) : UNKNOWN, cel };
  };
}

function both(condition: string, event: unknown, intel = IntelIndex.EMPTY, lists: Record<string, string[]> = {}): { guard: unknown; cel: unknown } {
  return compileBoth(condition, intel, lists)(event);
}

const EVENT = {
  verb: 'get',
  requestURI: '/api/v1/namespaces/a/pods/p',
  user: { username: 'system:node:ip-10-0-1-2', groups: ['system:nodes', 'system:authenticated'] },
  objectRef: { resource: 'pods', namespace: 'a' },
  responseStatus: { code: 200 },
  sourceIPs: ['10.0.1.2'],
};

describe('condition guard', () => {
  it.each([
    ['event.verb == "get"', true],
    ['event.verb == "list"', false],
    ['event.verb in ["list", "watch"]', false],
    ['event.?responseStatus.?code.orValue(500) < 400', true],
    ['event.?responseStatus.?code.orValue(0) == 403', false],
    ['event.?impersonatedUser.?username.orValue("") != ""', false],
    ['event.user.?groups.orValue([]).exists(g, g == "system:unauthenticated")', false],
    ['event.user.?groups.orValue([]).exists(g, g == "system:nodes")', true],
    ['["/healthz", "/version"].exists(p, event.requestURI == p || event.requestURI.startsWith(p + "?"))', false],
    ['event.user.username.startsWith("system:node:") && event.verb != "get"', false],
    ['intel_lists(event.?sourceIPs.orValue([])).filter(n, !(n in ["good"])).size() > 0', false],
    ['"a" in lists.names', true],
  ])('agrees with CEL: %s', (condition, expected) => {
    const { guard, cel } = both(condition, EVENT, IntelIndex.EMPTY, { names: ['a'] });
    expect(cel).toBe(expected);
    expect(guard).toBe(expected);
  });

  it('is UNKNOWN where CEL fails or would convert, and false where CEL says false despite an error', () => {
    // A missing field is an error in CEL.
    expect(both('event.missing == "x"', EVENT).guard).toBe(UNKNOWN);
    expect(both('event.missing == "x"', EVENT).cel).toBeInstanceOf(Error);
    // Mixed types and regular expressions are left to CEL.
    expect(both('event.verb == 1', EVENT).guard).toBe(UNKNOWN);
    expect(both('event.requestURI.matches("pods")', EVENT).guard).toBe(UNKNOWN);
    // CEL's && and || are commutative: false && error is false, true || error is true.
    expect(both('event.missing == "x" && event.verb == "list"', EVENT)).toEqual({ guard: false, cel: false });
    expect(both('event.missing == "x" || event.verb == "get"', EVENT)).toEqual({ guard: true, cel: true });
    expect(both('event.missing == "x" && event.verb == "get"', EVENT).guard).toBe(UNKNOWN);
    // An element CEL fails on leaves exists() open unless another element settles it.
    const groups = { ...EVENT, user: { username: 'x', groups: [1, 'system:authenticated'] } };
    expect(both('event.user.groups.exists(g, g.startsWith("system:unauthenticated"))', groups).guard).toBe(UNKNOWN);
    expect(both('event.user.groups.exists(g, g.startsWith("system:unauthenticated"))', groups).cel).toBeInstanceOf(Error);
    expect(both('event.user.groups.exists(g, g.startsWith("system:authenticated"))', groups)).toEqual({ guard: true, cel: true });
  });

  it('compares a JSON number with a CEL int by value, as CEL does', () => {
    expect(both('event.responseStatus.code == 200', EVENT)).toEqual({ guard: true, cel: true });
    expect(both('event.responseStatus.code >= 400', EVENT)).toEqual({ guard: false, cel: false });
  });

  it('never contradicts CEL on any built-in rule case, with or without intel lists', () => {
    const events = Object.values(BUILTIN_CASES)
      .flatMap((cases) => [...cases.positive, ...cases.negative])
      .flatMap((input) => (Array.isArray(input) ? input : [input]))
      .map((input: DetectInput) => (input.kind === 'k8s-audit' ? input.event : input.record));
    let decided = 0;
    for (const intel of [IntelIndex.EMPTY, BUILTIN_TEST_INTEL]) {
      const loaded = loadBuiltinRules([], { intel });
      const lists = Object.fromEntries(loaded.lists) as Record<string, string[]>;
      for (const rule of loaded.rules) {
        const answer = compileBoth(rule.expandedCondition, intel, lists);
        for (const event of events) {
          const { guard, cel } = answer(event);
          if (guard === UNKNOWN) continue;
          decided++;
          expect(guard, `${rule.id} on ${JSON.stringify(event).slice(0, 200)}`).toBe(cel);
        }
      }
    }
    // The guard decides most pairs (the point of it); the rest go to CEL.
    expect(decided).toBeGreaterThan(1000);
  });
});
