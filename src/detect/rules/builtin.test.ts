import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../model/index.js';
import { loadBuiltinRules } from './builtin.js';
import { RuleEngine } from './engine.js';
import { BUILTIN_CASES } from './test-support/builtin-cases.js';
import { BUILTIN_TEST_INTEL } from './test-support/intel-cases.js';

// With intel lists, so the threat-intel rules can fire; every other rule ignores them.
const loaded = loadBuiltinRules([], { intel: BUILTIN_TEST_INTEL });
/** Audit rules that must see every event (they are about the user, not a resource). */
const UNFILTERED = new Set(['k8s-anonymous-request-allowed', 'k8s-forbidden-requests-burst', 'ct-access-denied-burst', 'ct-listed-ip-api-call']);

describe('built-in rules', () => {
  it('load without errors', () => {
    expect(loaded.errors).toEqual([]);
    expect(loaded.rules.length).toBeGreaterThanOrEqual(10);
  });

  it('each have a positive and a negative case (meta-test)', () => {
    const ids = loaded.rules.map((rule) => rule.id).sort();
    expect(Object.keys(BUILTIN_CASES).sort()).toEqual(ids);
    for (const id of ids) {
      expect(BUILTIN_CASES[id]?.positive.length, `${id} positive cases`).toBeGreaterThan(0);
      expect(BUILTIN_CASES[id]?.negative.length, `${id} negative cases`).toBeGreaterThan(0);
    }
  });

  for (const rule of loaded.rules) {
    describe(rule.id, () => {
      const cases = BUILTIN_CASES[rule.id] ?? { positive: [], negative: [] };

      it('has complete metadata and a prefilter', () => {
        expect(SEVERITIES).toContain(rule.severity);
        expect(rule.title.length).toBeGreaterThan(5);
        expect(rule.description.length).toBeGreaterThan(20);
        expect(rule.mitre.tactic).toMatch(/^[a-z-]+$/);
        if (!UNFILTERED.has(rule.id)) expect(rule.match, 'declare match: to keep the rule out of unrelated events').toBeDefined();
      });

      cases.positive.forEach((input, i) => {
        it(`alerts on positive case ${i + 1}`, () => {
          // All rules run together, so prefilters are exercised as in production.
          const engine = new RuleEngine(loaded.rules);
          const sequence = Array.isArray(input) ? input : [input];
          const early = sequence.slice(0, -1).flatMap((event) => engine.evaluate(event)).filter((alert) => alert.ruleId === rule.id);
          expect(early, 'a sequence alerts on its last event, not before').toEqual([]);
          const alerts = engine.evaluate(sequence.at(-1)!).filter((alert) => alert.ruleId === rule.id);
          expect(engine.stats.errors, JSON.stringify([...engine.stats.errorsByRule])).toBe(0);
          expect(alerts).toHaveLength(1);
          expect(alerts[0]?.output).not.toMatch(/\{event\./);
          // EKS records name the cluster by its URI label (`name`): an output reading another field shows <none>
          if (rule.id.startsWith('ct-eks-')) expect(alerts[0]?.output).not.toMatch(/cluster <none>/);
          expect(alerts[0]?.severity).toBe(rule.severity);
        });
      });

      cases.negative.forEach((input, i) => {
        it(`does not alert on negative case ${i + 1}`, () => {
          const engine = new RuleEngine(loaded.rules);
          const sequence = Array.isArray(input) ? input : [input];
          expect(sequence.flatMap((event) => engine.evaluate(event)).map((alert) => alert.ruleId)).not.toContain(rule.id);
          expect(engine.stats.errors, JSON.stringify([...engine.stats.errorsByRule])).toBe(0);
        });
      });
    });
  }
});
