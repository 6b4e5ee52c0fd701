import { describe, expect, it } from 'vitest';
import type { CheckResult, Status } from '../model/index.js';
import { evaluateCompliance } from './compliance.js';
import type { Framework } from './framework-files.js';

const framework: Framework = {
  id: 'test-fw',
  title: 'Test framework',
  version: '1.0',
  controls: [
    { id: '1', title: 'Fails', checks: ['a', 'b'], planned: [] },
    { id: '2', title: 'Passes', checks: ['b'], planned: [] },
    { id: '3', title: 'Manual', checks: [], planned: [], manual: 'a person must look' },
    { id: '4', title: 'Planned only', checks: [], planned: ['future-check'] },
    { id: '5', title: 'Not run', checks: ['skipped'], planned: ['future-check'] },
    { id: '6', title: 'Nothing to judge', checks: ['c'], planned: [] },
    { id: '7', title: 'Errored', checks: ['b', 'broken'], planned: [] },
    { id: '8', title: 'Waived only', checks: ['w'], planned: [] },
    { id: '9', title: 'Missing data', checks: ['aws'], planned: [] },
  ],
};

function result(checkId: string, status: Status, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    checkId,
    title: checkId,
    severity: 'high',
    area: 'workload',
    status,
    resource: { kind: 'Pod', namespace: 'default', name: `${checkId}-pod` },
    message: `${checkId} ${status}`,
    remediation: '',
    refs: {},
    fingerprint: `${checkId}-${status}`,
    ...extra,
  };
}

const ran = new Set(['a', 'b', 'c', 'broken', 'w', 'aws']);

describe('evaluateCompliance', () => {
  const report = evaluateCompliance(framework, {
    results: [
      result('a', 'fail'),
      result('a', 'fail', { waived: { reason: 'accepted', source: '.eksguard.yaml' } }),
      result('b', 'pass'),
      result('broken', 'error'),
      result('w', 'fail', { waived: { reason: 'accepted', source: '.eksguard.yaml' } }),
      result('aws', 'not-evaluated', { message: 'no AWS data in this input' }),
    ],
    ranChecks: ran,
    unrecordedPasses: { b: 2 },
  });
  const byId = new Map(report.controls.map((control) => [control.id, control]));

  it('fails a control on an unwaived failure and counts only unwaived ones', () => {
    expect(byId.get('1')).toMatchObject({ status: 'fail', failures: 1, passes: 3, checkIds: ['a', 'b'] });
  });

  it('passes a control with passes (recorded or counted) and no failure', () => {
    expect(byId.get('2')).toMatchObject({ status: 'pass', failures: 0, passes: 3 });
    expect(byId.get('2')?.reason).toBeUndefined();
  });

  it('marks a control without checks but with a reason manual', () => {
    expect(byId.get('3')).toMatchObject({ status: 'manual', reason: 'a person must look', checkIds: [] });
  });

  it('says why a control was not evaluated', () => {
    expect(byId.get('4')).toMatchObject({ status: 'not-evaluated', reason: 'checks not built yet: future-check' });
    expect(byId.get('5')?.status).toBe('not-evaluated');
    expect(byId.get('5')?.reason).toBe(
      'its checks did not run on this input (not selected, or the input lacks the AWS or node data they need); not built yet: future-check',
    );
    expect(byId.get('6')).toMatchObject({ status: 'not-evaluated', reason: 'no resource in the input that these checks judge: c' });
    expect(byId.get('7')).toMatchObject({ status: 'not-evaluated', reason: 'check errored: broken', passes: 3 });
    expect(byId.get('8')).toMatchObject({ status: 'not-evaluated', reason: 'only waived failures (1)', failures: 0 });
    expect(byId.get('9')).toMatchObject({ status: 'not-evaluated', reason: 'no AWS data in this input' });
  });

  it('counts statuses and scores passes over decided controls, one decimal', () => {
    expect(report.counts).toEqual({ pass: 1, fail: 1, manual: 1, 'not-evaluated': 6 });
    expect(report.score).toBe(50);
    expect(report).toMatchObject({ framework: 'test-fw', title: 'Test framework', version: '1.0' });
  });

  it('rounds the score to one decimal', () => {
    const three: Framework = {
      ...framework,
      controls: [
        { id: 'x', title: 'x', checks: ['b'], planned: [] },
        { id: 'y', title: 'y', checks: ['b'], planned: [] },
        { id: 'z', title: 'z', checks: ['a'], planned: [] },
      ],
    };
    const scored = evaluateCompliance(three, { results: [result('a', 'fail'), result('b', 'pass')], ranChecks: ran });
    expect(scored.score).toBe(66.7);
  });

  it('has no score when no control was decided', () => {
    const report = evaluateCompliance(framework, { results: [], ranChecks: new Set() });
    expect(report.score).toBeNull();
    expect(report.counts).toEqual({ pass: 0, fail: 0, manual: 1, 'not-evaluated': 8 });
  });

  it('ignores results of checks the control does not name or that did not run', () => {
    const report = evaluateCompliance(framework, { results: [result('skipped', 'fail')], ranChecks: ran });
    expect(report.controls.find((control) => control.id === '5')?.status).toBe('not-evaluated');
  });
});
