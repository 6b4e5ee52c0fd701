/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   the parsed XML tree is probed by shape */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from './junit.js';
import {
  defaultOptions,
  emptyScan,
  sampleCatalogue,
  sampleResult,
  sampleResults,
  sampleWithPaths,
  scanOf,
} from './test-support/sample-result.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Character references (&#10;) are decoded only with this on.
  htmlEntities: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'testsuite' || name === 'testcase' || name === 'property',
});

/** XML 1.0 `Char`: anything outside it makes a document ill-formed, escaped or not. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function render(result = sampleResult(), includePassed = false): { xml: string; root: any } {
  const xml = renderJunit(result, sampleCatalogue, { ...defaultOptions, includePassed });
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(NOT_XML_CHAR);
  return { xml, root: parser.parse(xml).testsuites };
}

function suite(root: any, name: string): any {
  const found = root.testsuite.find((candidate: any) => candidate.name === name);
  if (!found) throw new Error(`no testsuite ${name}`);
  return found;
}

describe('renderJunit', () => {
  it('is one well-formed document whose totals add up', () => {
    const { xml, root } = render();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(root).toMatchObject({ name: 'eksguard', tests: '12', failures: '6', errors: '3', skipped: '3' });
    for (const testsuite of root.testsuite) {
      const cases = testsuite.testcase;
      expect(Number(testsuite.tests)).toBe(cases.length);
      expect(Number(testsuite.failures)).toBe(cases.filter((entry: any) => entry.failure !== undefined).length);
      expect(Number(testsuite.errors)).toBe(cases.filter((entry: any) => entry.error !== undefined).length);
      expect(Number(testsuite.skipped)).toBe(cases.filter((entry: any) => entry.skipped !== undefined).length);
    }
  });

  it('has one suite per check with a testcase per finding', () => {
    const { root } = render();
    expect(root.testsuite.map((entry: any) => entry.name)).toEqual([
      'input',
      'eks-endpoint-public-open-cidr: Public API endpoint reachable from 0.0.0.0/0',
      'netpol-namespace-none: Namespace has no NetworkPolicy',
      'rbac-cluster-admin-binding: Non-system subjects bound to `cluster-admin`',
      'wl-host-network: hostNetwork',
      'wl-image-latest: `:latest` or untagged image',
      'wl-limits-missing: CPU/memory limits missing',
      'wl-privileged: Privileged container',
      'wl-run-as-root: Can run as root',
      'exceptions',
    ]);
    const privileged = suite(root, 'wl-privileged: Privileged container');
    expect(privileged.properties.property).toEqual([
      { name: 'check', value: 'wl-privileged' },
      { name: 'area', value: 'workload' },
      { name: 'severity', value: 'critical' },
    ]);
    const [failed, waived] = privileged.testcase;
    expect(failed).toMatchObject({
      name: 'Deployment shop/web [app]',
      classname: 'eksguard.workload.wl-privileged',
      file: 'deploy/web.yaml',
      line: '31',
      failure: { message: 'Container "app" runs privileged', type: 'critical' },
    });
    expect(failed.failure['#text']).toContain('Evidence: spec.template.spec.containers[0].securityContext.privileged');
    expect(failed.failure['#text']).toContain('Fix (patch): Set privileged to false');
    expect(failed.failure['#text']).toContain('References: cis-eks-1.8 4.2.1; pss baseline');
    expect(waived).toMatchObject({
      name: 'DaemonSet kube-system/aws-node [aws-vpc-cni-init]',
      file: 'deploy/addons/aws-node.yaml',
      skipped: { message: 'waived (baseline): EKS platform component: the VPC CNI init container configures the node network' },
    });
  });

  it('maps error, not evaluated and input errors', () => {
    const { root } = render();
    const [crashed] = suite(root, 'rbac-cluster-admin-binding: Non-system subjects bound to `cluster-admin`').testcase;
    expect(crashed.error).toMatchObject({
      type: 'check-error',
      message: "check failed to run: Cannot read properties of undefined (reading 'subjects')",
    });
    const [skipped] = suite(root, 'eks-endpoint-public-open-cidr: Public API endpoint reachable from 0.0.0.0/0').testcase;
    expect(skipped).toMatchObject({
      name: 'Cluster cluster',
      skipped: { message: 'not evaluated: AWS data was not collected (manifest scan)' },
    });
    expect(skipped).not.toHaveProperty('file');
    expect(suite(root, 'input').testcase).toMatchObject([
      { name: 'deploy/broken.yaml:7', file: 'deploy/broken.yaml', line: '7', error: { type: 'input-error', message: 'bad indentation of a mapping entry' } },
      { name: 'deploy/empty.json', file: 'deploy/empty.json', error: { type: 'input-error' } },
    ]);
    expect(suite(root, 'exceptions').testcase).toMatchObject([
      {
        name: 'wl-host-network exception from .eksguard.yaml',
        failure: { type: 'exception-expired', message: 'expired on 2025-01-31: node-exporter needs the host network until the v2 migration' },
      },
    ]);
  });

  it('points Helm findings at the template, without the rendered line', () => {
    const { root } = render();
    const [helm] = suite(root, 'wl-image-latest: `:latest` or untagged image').testcase;
    expect(helm.file).toBe('payments/templates/deployment.yaml');
    expect(helm).not.toHaveProperty('line');
    expect(helm.failure['#text']).toContain('Location: rendered/payments.yaml:118 (template payments/templates/deployment.yaml)');
  });

  it('lists passes as plain testcases only when asked', () => {
    const without = render().root;
    const passing = (root: any) =>
      root.testsuite.flatMap((entry: any) => entry.testcase).filter(
        (entry: any) => !('failure' in entry || 'error' in entry || 'skipped' in entry),
      );
    expect(passing(without)).toEqual([]);
    const withPasses = render(sampleResult(), true).root;
    expect(passing(withPasses).map((entry: any) => `${entry.classname} ${entry.name}`)).toEqual([
      'eksguard.workload.wl-privileged Deployment payments/api',
      'eksguard.workload.wl-run-as-root Deployment payments/api',
    ]);
    expect(withPasses.tests).toBe('14');
  });

  it('escapes markup, quotes, whitespace and characters XML 1.0 forbids', () => {
    const [base] = sampleResults();
    const nasty = 'a <b> & "c" \'d\'\ttab\nline\r\nCRLF \u001b[31mred\u001b[0m \u0000nul \uFFFF \uD800lone ]]> done';
    const scan = scanOf([{ ...base!, message: nasty, container: 'x"y<z>', remediation: nasty }]);
    const { xml, root } = render(scan);
    expect(xml).not.toContain('\u001b');
    const [testcase] = suite(root, 'wl-privileged: Privileged container').testcase;
    const expected = 'a <b> & "c" \'d\'\ttab\nline\r\nCRLF \\x1B[31mred\\x1B[0m \\x00nul \\uFFFF \\uD800lone ]]> done';
    expect(testcase.failure.message).toBe(expected);
    expect(testcase.failure['#text']).toContain(`Remediation: ${expected}`);
    expect(testcase.name).toBe('Deployment shop/web [x"y<z>]');
  });

  it('keeps testcase names unique within a suite', () => {
    const [base] = sampleResults();
    const scan = scanOf([
      { ...base!, path: 'spec.template.spec.containers[0].securityContext.privileged', fingerprint: 'a'.repeat(32) },
      { ...base!, path: 'spec.template.spec.containers[0].securityContext.capabilities', fingerprint: 'b'.repeat(32) },
      { ...base!, container: 'other', fingerprint: 'c'.repeat(32) },
      { ...base!, fingerprint: 'd'.repeat(32) },
    ]);
    const names = render(scan).root.testsuite[0].testcase.map((entry: any) => entry.name);
    expect(names).toEqual([
      'Deployment shop/web [app] at spec.template.spec.containers[0].securityContext.capabilities',
      'Deployment shop/web [app] at spec.template.spec.containers[0].securityContext.privileged',
      'Deployment shop/web [app] at spec.template.spec.containers[0].securityContext.privileged #2',
      'Deployment shop/web [other]',
    ]);
  });

  it('renders an empty scan as an empty, valid report', () => {
    const { xml, root } = render(emptyScan());
    expect(root).toMatchObject({ tests: '0', failures: '0', errors: '0', skipped: '0' });
    expect(xml).not.toContain('<testsuite ');
  });
});

describe('renderJunit with attack paths', () => {
  it('adds a suite attack-paths, after input errors, with a failing testcase per path', () => {
    const { root } = render(sampleWithPaths());
    expect(root.testsuite.map((entry: any) => entry.name).slice(0, 2)).toEqual(['input', 'attack-paths']);
    expect(root).toMatchObject({ tests: '14', failures: '8', errors: '3', skipped: '3' });
    const paths = suite(root, 'attack-paths');
    expect(paths).toMatchObject({ tests: '2', failures: '2', errors: '0', skipped: '0' });
    const [first, second] = paths.testcase;
    expect(first).toMatchObject({
      name: 'Internet-exposed workload reaches AWS administrator access: Internet → AWSPermission admin',
      classname: 'eksguard.attack-paths.internet-to-aws-admin',
      failure: { type: 'critical', message: 'Internet-exposed workload reaches AWS administrator access: 6 steps, score 88' },
    });
    const body: string = first.failure['#text'];
    expect(body).toContain('  Deployment shop/web —escapes-to-node→ NodeGroup workers (enabled by wl-privileged)\n');
    expect(body).toContain('      Deployment shop/web spec.template.spec.containers[0].securityContext.privileged: container "app" is privileged\n');
    expect(body).toContain('Findings on this path:\n  wl-privileged (critical) Deployment shop/web: Container "app" runs privileged\n');
    expect(body.endsWith('Id: internet-to-aws-admin:3f1c2a9b8d7e')).toBe(true);
    expect(second.name).toBe('Compromised pod reaches a workload holding secrets: Deployment shop/web → Secret payments/db');
  });

  it('names two paths of one query between the same ends apart, and leaves the suite out without paths', () => {
    const scan = sampleWithPaths();
    scan.attackPaths = [scan.attackPaths![0]!, { ...scan.attackPaths![0]!, id: 'internet-to-aws-admin:other' }];
    const names = suite(render(scan).root, 'attack-paths').testcase.map((entry: any) => entry.name);
    expect(names[1]).toBe(`${names[0]} #2`);
    const empty = sampleResult();
    empty.attackPaths = [];
    expect(render(empty).root.testsuite.map((entry: any) => entry.name)).not.toContain('attack-paths');
  });

  it('keeps hostile node names well-formed XML', () => {
    const scan = sampleWithPaths();
    scan.attackPaths![0]!.steps[0]!.to = { kind: 'LoadBalancer', namespace: 'shop', name: '<x a="1">\u0000&\u001b' };
    const { root } = render(scan);
    expect(suite(root, 'attack-paths').testcase[0].failure['#text']).toContain('LoadBalancer shop/<x a="1">\\x00&\\x1B');
  });
});

