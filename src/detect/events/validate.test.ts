import { describe, expect, it } from 'vitest';
import { auditEventProblem, cloudTrailProblem } from './validate.js';
import { AUDIT_EVENTS, EXEC_EVENT } from './test-support/samples.js';
import { CLOUDTRAIL_RECORDS, CREATE_ACCESS_ENTRY } from './test-support/cloudtrail-samples.js';

const clone = <T>(value: T): T & Record<string, unknown> => JSON.parse(JSON.stringify(value)) as T & Record<string, unknown>;

describe('auditEventProblem', () => {
  it('accepts the sample events, with unknown fields', () => {
    for (const event of AUDIT_EVENTS) expect(auditEventProblem(clone(event))).toBeUndefined();
    expect(auditEventProblem({ ...clone(EXEC_EVENT), futureField: { x: 1 } })).toBeUndefined();
  });

  it('accepts an EventList item without kind and apiVersion, and every stage', () => {
    const { kind: _k, apiVersion: _a, ...item } = clone(EXEC_EVENT);
    for (const stage of ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic']) {
      expect(auditEventProblem({ ...item, stage })).toBeUndefined();
    }
  });

  it.each([
    ['verb', 42, 'verb: expected a string, got number'],
    ['auditID', undefined, 'auditID: missing'],
    ['stage', 'Done', 'stage: unknown stage "Done"'],
    ['level', 'Verbose', 'level: unknown level "Verbose"'],
    ['user', 'alice', 'user: expected an object, got string'],
    ['sourceIPs', ['1.2.3.4', 5], 'sourceIPs[1]: expected a string, got number'],
    ['objectRef', { resource: 'pods', subresource: ['exec'] }, 'objectRef.subresource: expected a string, got array'],
    ['responseStatus', { code: '200' }, 'responseStatus.code: expected a number, got string'],
    ['annotations', { a: 1 }, 'annotations.a: expected a string, got number'],
    ['apiVersion', 'audit.k8s.io/v1beta1', 'apiVersion: expected "audit.k8s.io/v1", got "audit.k8s.io/v1beta1"'],
    ['impersonatedUser', { groups: 'admins' }, 'impersonatedUser.groups: expected an array of strings, got string'],
  ])('reports %s of the wrong type', (key, value, message) => {
    const event = clone(EXEC_EVENT);
    if (value === undefined) delete event[key];
    else event[key] = value;
    expect(auditEventProblem(event)).toBe(message);
  });

  it('checks user.extra values are string lists', () => {
    const event = clone(EXEC_EVENT);
    (event.user.extra as Record<string, unknown>).sessionName = 'alice';
    expect(auditEventProblem(event)).toBe('user.extra.sessionName: expected an array of strings, got string');
  });
});

describe('cloudTrailProblem', () => {
  it('accepts the sample records', () => {
    for (const record of CLOUDTRAIL_RECORDS) expect(cloudTrailProblem(clone(record))).toBeUndefined();
  });

  it('reads "true" and "false" flags as booleans', () => {
    const record: Record<string, unknown> = { ...clone(CREATE_ACCESS_ENTRY), readOnly: 'false' };
    expect(cloudTrailProblem(record)).toBeUndefined();
    expect(record.readOnly).toBe(false);
  });

  it.each([
    ['eventName', undefined, 'eventName: missing'],
    ['eventTime', 1715508137, 'eventTime: expected a string, got number'],
    ['readOnly', 'no', 'readOnly: expected a boolean, got string'],
    ['requestParameters', 'x', 'requestParameters: expected an object or null, got string'],
    ['userIdentity', [], 'userIdentity: expected an object, got array'],
  ])('reports %s of the wrong type', (key, value, message) => {
    const record = clone(CREATE_ACCESS_ENTRY);
    if (value === undefined) delete record[key];
    else record[key] = value;
    expect(cloudTrailProblem(record)).toBe(message);
  });

  it('accepts null request parameters (read-only calls)', () => {
    expect(cloudTrailProblem({ ...clone(CREATE_ACCESS_ENTRY), requestParameters: null, responseElements: null })).toBeUndefined();
  });
});
