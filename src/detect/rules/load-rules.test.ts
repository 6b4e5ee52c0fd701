import { describe, expect, it } from 'vitest';
import { expandCondition, listVariableReferences } from './cel-text.js';
import { compileTemplate, renderTemplate } from './field-path.js';
import { formatRuleError, loadRules } from './load-rules.js';

const RULE = `
lists:
  admins: [alice, bob]
macros:
  is_exec: event.?objectRef.?subresource.orValue("") == "exec"
rules:
  - id: test-rule
    title: Test rule
    description: A rule for the loader tests.
    severity: high
    mitre: { tactic: execution, technique: T1609 }
    source: k8s-audit
    match: { verbs: [create] }
    condition: is_exec && !(event.user.username in list.admins)
    output: 'exec by {event.user.username}'
`;

/** The test rule with one line replaced. */
const variant = (from: string, to: string) => RULE.replace(from, to);
const load = (text: string, file = 'rules/test.yaml') => loadRules([{ file, text }]);

describe('loadRules', () => {
  it('loads a valid rule with its lists and macros expanded', () => {
    const { rules, errors } = load(RULE);
    expect(errors).toEqual([]);
    expect(rules).toHaveLength(1);
    expect(rules[0]!).toMatchObject({ id: 'test-rule', severity: 'high', maturity: 'stable', match: { verbs: ['create'] }, file: 'rules/test.yaml' });
    expect(rules[0]!.expandedCondition).toBe('(event.?objectRef.?subresource.orValue("") == "exec") && !(event.user.username in ["alice", "bob"])');
  });

  it('names file and line for bad YAML', () => {
    const { errors } = load('rules:\n  - id: x\n    title: [unclosed\n');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.file).toBe('rules/test.yaml');
    expect(errors[0]!.line).toBeGreaterThan(0);
    expect(errors[0]!.message).toMatch(/invalid YAML/);
  });

  it('names file, rule and field for an unknown macro', () => {
    const { rules, errors } = load(variant('condition: is_exec &&', 'condition: is_exek &&'));
    expect(rules).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ file: 'rules/test.yaml', line: 14, ruleId: 'test-rule', field: 'condition' })]);
    expect(errors[0]!.message).toMatch(/unknown macro or variable "is_exek".*is_exec/);
    expect(formatRuleError(errors[0]!)).toMatch(/^rules\/test\.yaml:14: rule test-rule: condition: unknown macro/);
  });

  it('reports an unknown list, by list.name and by lists.name', () => {
    expect(load(variant('list.admins', 'list.admin')).errors[0]!).toMatchObject({ ruleId: 'test-rule', field: 'condition', message: expect.stringMatching(/unknown list "admin".*admins/) });
    expect(load(variant('list.admins', 'lists.admin')).errors[0]!).toMatchObject({ ruleId: 'test-rule', field: 'condition', message: 'unknown list "admin"' });
    expect(load(variant('list.admins', 'lists["admins"]')).errors).toEqual([]);
  });

  it('checks every field a rule reads against the event schema of its source, through macros', () => {
    const typo = (from: string, to: string) => load(variant(from, to)).errors.map((error) => `${error.line} ${error.field}: ${error.message}`);
    expect(typo('event.user.username in', 'event.user.usrname in')).toEqual([
      '14 condition: audit events have no field event.user.usrname (event.user has: username, uid, groups, extra)',
    ]);
    expect(typo('event.?objectRef.?subresource', 'event.?objectRef.?subresorce')[0]).toContain('no field event.objectRef.subresorce');
    expect(typo("'exec by {event.user.username}'", "'exec by {event.usr.name}'")[0]).toMatch(/^15 output: audit events have no field event.usr /);
    expect(typo('    output:', '    exceptions: [{ name: x, fields: [user.username, objectRef.nme], values: [[a, b]] }]\n    output:')[0]).toContain('exceptions[0].fields: audit events have no field event.objectRef.nme');
    expect(typo('    output:', '    threshold: { count: 3, window: 1m, by: [user.username.first] }\n    output:')[0]).toContain('threshold.by: event.user.username has no fields');
    // Bodies are open, values may be indexed, strings are not fields, and CloudTrail has its own schema.
    expect(typo('event.user.username in', 'event.requestObject.spec.anything.goes == "event.not.checked" && event.sourceIPs[0] in')).toEqual([]);
    expect(typo('source: k8s-audit\n    match: { verbs: [create] }', 'source: cloudtrail')[0]).toContain('CloudTrail records have no field event.objectRef');
  });

  it('reports CEL syntax errors with the rule id', () => {
    const { errors } = load(variant('condition: is_exec &&', 'condition: is_exec && && '));
    expect(errors).toEqual([expect.objectContaining({ ruleId: 'test-rule', field: 'condition', line: 14, message: expect.stringMatching(/^CEL: /) })]);
  });

  it('rejects conditions that are not bool', () => {
    expect(load(variant('condition: is_exec && !(event.user.username in list.admins)', 'condition: \'"yes"\'')).errors[0]!.message).toMatch(/must evaluate to a bool, not string/);
  });

  it('reports a bad severity, source, maturity and technique at their fields', () => {
    const text = variant('severity: high', 'severity: urgent').replace('source: k8s-audit', 'source: syslog').replace('T1609', 'exec').replace('    output:', '    maturity: beta\n    output:');
    const { errors } = load(text);
    const fields = Object.fromEntries(errors.map((e) => [e.field, e]));
    expect(fields.severity).toMatchObject({ ruleId: 'test-rule', line: 10, message: expect.stringMatching(/critical, high/) });
    expect(fields.source).toMatchObject({ line: 12 });
    expect(fields['mitre.technique']).toBeDefined();
    expect(fields.maturity).toBeDefined();
  });

  it('reports unknown fields, missing fields, bad templates, bad match keys and exceptions', () => {
    const text = variant('    title: Test rule\n', '    titel: Test rule\n')
      .replace("output: 'exec by {event.user.username}'", "output: 'exec by {user.username}'\n    exceptions:\n      - { name: ci, fields: [user.username, sourceIPs], values: [[ci]] }")
      .replace('match: { verbs: [create] }', 'match: { verbs: [create], eventNames: [X] }');
    const fields = load(text).errors.map((e) => `${e.field}: ${e.message}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^titel: unknown field/),
        'title: is required',
        expect.stringMatching(/^output: placeholder \{user\.username\} must name an event field/),
        expect.stringMatching(/^match\.eventNames: unknown field for source k8s-audit/),
        expect.stringMatching(/^exceptions\[0\]\.values\[0\]: must be a tuple of 2 value/),
      ]),
    );
  });

  it('reports duplicate ids across files, macro cycles, and keeps good rules', () => {
    const second = RULE.replace('lists:\n  admins: [alice, bob]\nmacros:\n  is_exec: event.?objectRef.?subresource.orValue("") == "exec"\n', 'macros:\n  a: b\n  b: a\n');
    const { rules, errors } = loadRules([
      { file: 'one.yaml', text: RULE },
      { file: 'two.yaml', text: second },
    ]);
    expect(rules.map((r) => r.file)).toEqual(['one.yaml']);
    expect(errors.map(formatRuleError)).toEqual(expect.arrayContaining([expect.stringMatching(/^two\.yaml:\d+: macros\.a: macro cycle: a -> b -> a/), expect.stringMatching(/^two\.yaml:6: rule test-rule: id: rule id already defined in one\.yaml/)]));
  });
});

describe('condition expansion', () => {
  const context = { macros: new Map([['m', 'event.x == 1'], ['user', 'true']]), lists: new Map([['l', ['a"b', 'c']]]) };
  it('leaves strings and field names alone', () => {
    expect(expandCondition('m && event.user == "m" && event.?m && user', context)).toBe('(event.x == 1) && event.user == "m" && event.?m && (true)');
    expect(expandCondition("x in list.l && 'list.l' != r\"m\"", context)).toBe('x in ["a\\"b", "c"] && \'list.l\' != r"m"');
  });
  it('finds lists variable references outside strings', () => {
    expect(listVariableReferences('lists.a || lists["b"] || "lists.c" == x.lists.d')).toEqual(['a', 'b']);
  });
});

describe('output templates', () => {
  it('renders fields, lists, and <none> for missing ones', () => {
    const parts = compileTemplate('{event.user.username} from {event.sourceIPs} in {event.objectRef.namespace} {{literal}}');
    expect(typeof parts).not.toBe('string');
    if (typeof parts === 'string') return;
    expect(renderTemplate(parts, { user: { username: 'alice' }, sourceIPs: ['192.0.2.1', '192.0.2.2'] })).toBe('alice from 192.0.2.1,192.0.2.2 in <none> {literal}');
  });
});
