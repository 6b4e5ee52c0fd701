import { describe, expect, it } from 'vitest';
import type { CheckResult, Status } from '../model/index.js';
import { evaluateCompliance } from './compliance.js';
import type { Framework, FrameworkControl } from './framework-files.js';
import { parseSelector, type CheckSelector } from './selector.js';
import { refsResolver } from './refs.js';

/** A control as the file parser makes it, from `checks` entries in the file's syntax. */
function control(id: string, entries: unknown[], extra: Partial<FrameworkControl> = {}): FrameworkControl {
  const selectors = entries.map((entry) => parseSelector(entry) as CheckSelector);
  return { id, title: id, checks: [...new Set(selectors.map((selector) => selector.check))], selectors, planned: [], ...extra };
}

const framework: Framework = {
  id: 'test-fw',
  title: 'Test framework',
  version: '1.0',
  controls: [
    control('1', ['a', 'b']),
    control('2', ['b']),
    control('3', [], { manual: 'a person must look' }),
    control('4', [], { planned: ['future-check'] }),
    control('5', ['skipped'], { planned: ['future-check'] }),
    control('6', ['c']),
    control('7', ['b', 'broken']),
    control('8', ['w']),
    control('9', ['aws']),
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

  it('says why a control was not evaluated, naming the checks', () => {
    expect(byId.get('4')).toMatchObject({ status: 'not-evaluated', reason: 'checks not built yet: future-check' });
    expect(byId.get('5')?.status).toBe('not-evaluated');
    expect(byId.get('5')?.reason).toBe(
      'did not run on this input (not selected, or the input lacks the AWS or node data they need): skipped; part of this control is not built yet: future-check',
    );
    expect(byId.get('6')).toMatchObject({ status: 'not-evaluated', reason: 'no resource in the input that these checks judge: c' });
    expect(byId.get('7')).toMatchObject({ status: 'not-evaluated', reason: 'check errored: broken', passes: 3 });
    expect(byId.get('9')).toMatchObject({ status: 'not-evaluated', reason: 'aws not evaluated: no AWS data in this input' });
  });

  it('passes a control whose only failures are waived, counting them (pass with exceptions)', () => {
    expect(byId.get('8')).toMatchObject({ status: 'pass', failures: 0, waived: 1 });
    expect(byId.get('1')).toMatchObject({ waived: 1 });
  });

  it('counts statuses and scores passes over decided controls, one decimal', () => {
    expect(report.counts).toEqual({ pass: 2, fail: 1, manual: 1, 'not-evaluated': 5 });
    expect(report.score).toBe(66.7);
    expect(report).toMatchObject({ framework: 'test-fw', title: 'Test framework', version: '1.0' });
  });

  it('rounds the score to one decimal', () => {
    const three: Framework = { ...framework, controls: [control('x', ['b']), control('y', ['b']), control('z', ['a'])] };
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

  it('does not pass a control when another of its checks did not run, was not evaluated, or is planned', () => {
    const partial: Framework = {
      ...framework,
      controls: [control('lb', ['b', 'elb']), control('ne', ['b', 'aws']), control('plan', ['b'], { planned: ['future-check'] })],
    };
    const measured = evaluateCompliance(partial, {
      results: [result('b', 'pass'), result('aws', 'not-evaluated', { message: 'no AWS data in this input' })],
      ranChecks: new Set(['b', 'aws']),
    });
    expect(measured.controls.map((entry) => [entry.id, entry.status, entry.reason])).toEqual([
      ['lb', 'not-evaluated', 'did not run on this input (not selected, or the input lacks the AWS or node data they need): elb'],
      ['ne', 'not-evaluated', 'aws not evaluated: no AWS data in this input'],
      ['plan', 'not-evaluated', 'part of this control is not built yet: future-check'],
    ]);
  });

  it('still fails a control with planned or unrun checks when a finding fails it', () => {
    const partial: Framework = { ...framework, controls: [control('p', ['a', 'elb'], { planned: ['future-check'] })] };
    const measured = evaluateCompliance(partial, { results: [result('a', 'fail')], ranChecks: new Set(['a']) });
    expect(measured.controls[0]).toMatchObject({ status: 'fail', failures: 1 });
  });
});

describe('controls that select part of a check', () => {
  const kubelet = (messageId: string, path: string, pool = 'general'): CheckResult =>
    result('ng-kubelet-misc', 'fail', { messageId, path, resource: { kind: 'NodeGroup', name: pool }, fingerprint: `${pool}-${messageId}` });
  const cis: Framework = {
    id: 'cis',
    title: 'CIS',
    version: '1',
    controls: [
      control('3.2.5', ['ng-kubelet-misc#streaming']),
      control('3.2.6', ['ng-kubelet-misc#iptables']),
      control('3.2.7', ['ng-kubelet-misc#eventQps']),
      control('4.2.2', [{ check: 'psa', message: 'host-namespaces', path: 'hostPID' }]),
      control('4.2.4', [{ check: 'psa', message: 'host-namespaces', path: 'hostNetwork' }]),
    ],
  };
  const results = [
    kubelet('streaming', 'streamingConnectionIdleTimeout'),
    kubelet('iptables', 'makeIPTablesUtilChains'),
    result('psa', 'fail', { messageId: 'host-namespaces', path: 'spec.template.spec.hostNetwork' }),
  ];
  const report = evaluateCompliance(cis, { results, ranChecks: new Set(['ng-kubelet-misc', 'psa']), unrecordedPasses: { 'ng-kubelet-misc': 2 } });
  const byId = new Map(report.controls.map((entry) => [entry.id, entry]));

  it('fails only the controls whose part failed, each with its own failures', () => {
    expect(byId.get('3.2.5')).toMatchObject({ status: 'fail', failures: 1 });
    expect(byId.get('3.2.6')).toMatchObject({ status: 'fail', failures: 1 });
    expect(byId.get('4.2.4')).toMatchObject({ status: 'fail', failures: 1 });
  });

  it('passes a control whose part found nothing on resources the check judged', () => {
    // two pools passed outright, the third failed only on other settings
    expect(byId.get('3.2.7')).toMatchObject({ status: 'pass', failures: 0, passes: 3 });
    expect(byId.get('4.2.2')).toMatchObject({ status: 'pass', failures: 0, passes: 1 });
  });

  it('gives each result the refs of the controls that select it', () => {
    const refsOf = refsResolver([cis]);
    expect(refsOf(results[0]!)).toEqual({ cis: ['3.2.5'] });
    expect(refsOf(results[2]!)).toEqual({ cis: ['4.2.4'] });
    expect(refsOf(result('ng-kubelet-misc', 'pass'))).toEqual({ cis: ['3.2.5', '3.2.6', '3.2.7'] });
    expect(refsOf(result('other', 'fail'))).toEqual({});
  });
});
