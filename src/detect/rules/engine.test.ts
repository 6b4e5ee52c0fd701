import { describe, expect, it } from 'vitest';
import { EXEC_EVENT, GET_SECRET_EVENT } from '../events/test-support/samples.js';
import { CREATE_ACCESS_ENTRY } from '../events/test-support/cloudtrail-samples.js';
import { RuleEngine } from './engine.js';
import { loadRules } from './load-rules.js';
import { audit, cloudtrail } from './test-support/cases.js';

const rules = (body: string) => {
  const loaded = loadRules([{ file: 'engine.yaml', text: body }]);
  expect(loaded.errors).toEqual([]);
  return loaded.rules;
};

const rule = (id: string, extra: string, condition = 'true', source = 'k8s-audit') => `
  - id: ${id}
    title: Rule ${id}
    description: Engine test rule ${id}.
    severity: medium
    mitre: { tactic: execution, technique: T1609 }
    source: ${source}
    condition: '${condition}'
    output: '${source === 'cloudtrail' ? `${id} by {event.userIdentity.arn}` : `${id} by {event.user.username} on {event.objectRef.namespace}/{event.objectRef.name} ({event.impersonatedUser.username})`}'
${extra}`;

describe('RuleEngine', () => {
  it('builds alerts with subject, object, time and event id', () => {
    const engine = new RuleEngine(rules(`rules:${rule('exec', '    match: { verbs: [create], resources: [pods], subresources: [exec] }')}`));
    expect(engine.evaluate(audit(EXEC_EVENT))).toEqual([
      {
        ruleId: 'exec',
        title: 'Rule exec',
        severity: 'medium',
        mitre: { tactic: 'execution', technique: 'T1609' },
        source: 'k8s-audit',
        output: 'exec by arn:aws:sts::111122223333:assumed-role/Admin/alice on payments/api-7d9c5b6f4-x2kqp (<none>)',
        time: EXEC_EVENT.stageTimestamp,
        subject: { name: 'arn:aws:sts::111122223333:assumed-role/Admin/alice', groups: ['system:authenticated'], sourceIPs: ['203.0.113.45'], userAgent: EXEC_EVENT.userAgent },
        object: { resource: 'pods', subresource: 'exec', namespace: 'payments', name: 'api-7d9c5b6f4-x2kqp' },
        eventId: EXEC_EVENT.auditID,
      },
    ]);
  });

  it('never evaluates a rule whose prefilter does not match (counted evaluations)', () => {
    const engine = new RuleEngine(
      rules(`rules:${rule('exec', '    match: { verbs: [create], resources: [pods], subresources: [exec] }')}${rule('gets', '    match: { verbs: [get] }')}${rule('ct', '', 'true', 'cloudtrail')}`),
    );
    expect(engine.evaluate(audit(GET_SECRET_EVENT)).map((a) => a.ruleId)).toEqual(['gets']);
    expect(engine.stats.evaluations).toBe(1);
    expect(engine.evaluate(audit(EXEC_EVENT, (e) => (e.verb = 'delete')))).toEqual([]);
    expect(engine.stats.evaluations).toBe(1);
    // subresource filtered after the verb|resource lookup
    expect(engine.evaluate(audit(EXEC_EVENT, (e) => (e.objectRef!.subresource = 'log')))).toEqual([]);
    expect(engine.stats.evaluations).toBe(1);
    expect(engine.evaluate(audit(EXEC_EVENT)).map((a) => a.ruleId)).toEqual(['exec']);
    expect(engine.stats.evaluations).toBe(2);
    // rules without a prefilter see every event of their source, and only of it
    expect(engine.evaluate(cloudtrail(CREATE_ACCESS_ENTRY)).map((a) => a.ruleId)).toEqual(['ct']);
    expect(engine.stats).toMatchObject({ events: 5, evaluations: 3, alerts: 3 });
  });

  it('evaluates only ResponseComplete and Panic stages unless told otherwise', () => {
    const body = `rules:${rule('any', '')}`;
    const engine = new RuleEngine(rules(body));
    expect(engine.evaluate(audit(EXEC_EVENT, (e) => (e.stage = 'RequestReceived')))).toEqual([]);
    expect(engine.evaluate(audit(EXEC_EVENT, (e) => (e.stage = 'Panic')))).toHaveLength(1);
    expect(engine.stats).toMatchObject({ skippedStage: 1, evaluations: 1 });
    const all = new RuleEngine(rules(body), { stages: ['RequestReceived'] });
    expect(all.evaluate(audit(EXEC_EVENT, (e) => (e.stage = 'RequestReceived')))).toHaveLength(1);
  });

  it('suppresses events matching an exception tuple', () => {
    const exceptions = `    exceptions:
      - name: ci in payments
        fields: [event.user.username, objectRef.namespace]
        values: [[ci-bot, payments], ["arn:aws:sts::111122223333:assumed-role/Admin/alice", payments]]
      - name: by group
        fields: [user.groups]
        values: [break-glass]
`;
    const engine = new RuleEngine(rules(`rules:${rule('any', exceptions)}`));
    expect(engine.evaluate(audit(EXEC_EVENT))).toEqual([]);
    expect(engine.evaluate(audit(EXEC_EVENT, (e) => (e.objectRef!.namespace = 'shop')))).toHaveLength(1);
    expect(engine.evaluate(audit(EXEC_EVENT, (e) => ((e.objectRef!.namespace = 'shop'), (e.user.groups = ['break-glass']))))).toEqual([]);
    expect(engine.stats.suppressed).toBe(2);
  });

  it('counts a CEL run-time error as no alert, never throws', () => {
    const engine = new RuleEngine(rules(`rules:${rule('strict', '', 'event.requestObject.spec.hostNetwork == true')}${rule('fine', '')}`));
    const odd = audit(EXEC_EVENT, (e) => {
      e.user = 42 as never;
      e.objectRef = 'pods' as never;
      e.sourceIPs = null as never;
    });
    const alerts = engine.evaluate(odd);
    expect(alerts.map((a) => a.ruleId)).toEqual(['fine']);
    expect(alerts[0]?.subject.name).toBe('<none>');
    expect(engine.stats.errors).toBe(1);
    expect(engine.stats.errorsByRule.get('strict')).toEqual({ count: 1, first: expect.stringMatching(/requestObject/) });
    expect(() => engine.evaluate(audit(EXEC_EVENT))).not.toThrow();
    expect(engine.stats.errorsByRule.get('strict')?.count).toBe(2);
  });
});

describe('RuleEngine threshold rules', () => {
  const burst = rules(`rules:${rule('burst', "    match: { verbs: [get], resources: [secrets] }\n    threshold: { count: 3, window: 1m, by: [user.username], distinct: objectRef.name }")}`);
  const read = (name: string, second: number) =>
    audit(GET_SECRET_EVENT, (e) => {
      e.objectRef!.name = name;
      e.stageTimestamp = `2025-05-12T10:20:${String(second).padStart(2, '0')}.000000Z`;
    });

  it('alerts once the window fills, with the count, key and start of the window', () => {
    const engine = new RuleEngine(burst);
    expect(engine.evaluate(read('a', 1))).toEqual([]);
    expect(engine.evaluate(read('b', 2))).toEqual([]);
    const [alert] = engine.evaluate(read('c', 3));
    expect(alert?.threshold).toEqual({ count: 3, windowSeconds: 60, key: { 'user.username': 'system:serviceaccount:payments:api' }, since: '2025-05-12T10:20:01.000Z' });
    expect(alert?.output).toBe('burst by system:serviceaccount:payments:api on payments/c (<none>) (3 in 1m)');
    expect(alert?.time).toBe('2025-05-12T10:20:03.000000Z');
    expect(engine.stats).toMatchObject({ alerts: 1, belowThreshold: 2 });
  });

  it('counts events without a time at the latest time seen', () => {
    const engine = new RuleEngine(burst);
    engine.evaluate(read('a', 1));
    const untimed = audit(GET_SECRET_EVENT, (e) => {
      e.objectRef!.name = 'b';
      delete e.stageTimestamp;
      delete e.requestReceivedTimestamp;
    });
    expect(engine.evaluate(untimed)).toEqual([]);
    expect(engine.evaluate(read('c', 2))).toHaveLength(1);
  });

  it('evicts keys beyond maxThresholdKeys and counts them', () => {
    const engine = new RuleEngine(burst, { maxThresholdKeys: 2 });
    for (const user of ['u1', 'u2', 'u3', 'u4']) engine.evaluate(audit(GET_SECRET_EVENT, (e) => (e.user = { username: user })));
    expect(engine.stats.thresholdKeysEvicted).toBe(2);
  });
});
