import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXEC_EVENT } from '../events/test-support/samples.js';
import { loadBuiltinRules } from './builtin.js';
import { loadRuleTests, runRuleTests } from './rule-tests.js';

const rules = loadBuiltinRules().rules;
const exec = JSON.stringify(EXEC_EVENT);

describe('rule test cases', () => {
  it('runs inline and file cases on fresh engines and reports unmet expectations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-cases-'));
    writeFileSync(join(dir, 'events.jsonl'), `${exec}\n${exec.replaceAll('payments', 'kube-system')}\n`);
    const file = join(dir, 'cases.yaml');
    const { tests, errors } = loadRuleTests(
      `tests:
  - name: exec alerts
    event: ${exec}
    expect: { k8s-exec-into-pod: 1, k8s-exec-into-kube-system-pod: 0 }
  - name: from a file, relative to the cases file
    file: events.jsonl
    expect: { k8s-exec-into-pod: 1, k8s-exec-into-kube-system-pod: 1 }
  - name: wrong expectation
    events: [${exec}]
    expect: { k8s-exec-into-pod: 2, no-such-rule: 0 }
`,
      file,
    );
    expect(errors).toEqual([]);
    const outcomes = await runRuleTests(tests, rules);
    expect(outcomes.map((outcome) => outcome.failures)).toEqual([[], [], ['k8s-exec-into-pod: expected 2 alert(s), got 1', 'no-such-rule: no such rule loaded']]);
    expect(outcomes[2]?.test.line).toBe(8);
  });

  it('names file, line and field of bad cases, and keeps the good ones', () => {
    const { tests, errors } = loadRuleTests(
      `tests:
  - name: ok
    event: ${exec}
    expect: { k8s-exec-into-pod: 1 }
  - name: two sources
    event: ${exec}
    file: x.jsonl
    expect: { k8s-exec-into-pod: 1 }
  - name: bad count
    event: ${exec}
    expect: { k8s-exec-into-pod: -1 }
  - name: not an event
    event: { hello: world }
    expect: { k8s-exec-into-pod: 0 }
  - name: typo
    evnt: {}
    expect: { a: 1 }
`,
      'cases.yaml',
    );
    expect(tests.map((test) => test.name)).toEqual(['ok']);
    expect(errors.map((error) => `${error.line}: ${error.message}`)).toEqual([
      '5: tests[1]: give exactly one of event, events or file',
      '9: tests[2].expect.k8s-exec-into-pod: must be a whole number of alerts (0 or more)',
      '12: tests[3]: event: neither a Kubernetes audit event (auditID) nor a CloudTrail record (eventSource, eventName)',
      '15: tests[4].evnt: unknown field (expected name, event, events, file, expect)',
      '15: tests[4]: give exactly one of event, events or file',
    ]);
    expect(loadRuleTests('rules: []', 'x.yaml').errors[0]?.message).toContain('a cases file is a mapping with tests:');
    expect(loadRuleTests('tests: [', 'x.yaml').errors[0]?.message).toContain('invalid YAML');
  });
});
