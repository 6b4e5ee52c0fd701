/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   parsed reports are probed by shape after the schema has validated them */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../model/index.js';
import { FINGERPRINT_KEY, INFORMATION_URI, renderSarif } from './sarif.js';
import { errorsOf, sarifValidator } from './test-support/schemas.js';
import {
  defaultOptions,
  emptyScan,
  sampleCatalogue,
  sampleResult,
  sampleResults,
  sampleWithPaths,
  scanOf,
} from './test-support/sample-result.js';
import { MAX_CODE_FLOWS } from './sarif-code-flows.js';

const validate = sarifValidator();

function render(result = sampleResult(), includePassed = false, catalogue = sampleCatalogue): any {
  const log = JSON.parse(renderSarif(result, catalogue, { ...defaultOptions, includePassed }));
  if (!validate(log)) throw new Error(errorsOf(validate));
  return log;
}

function run(log: any): any {
  expect(log.runs).toHaveLength(1);
  return log.runs[0];
}

function resultFor(log: any, checkId: string, resourceName: string): any {
  return run(log).results.find(
    (entry: any) => entry.ruleId === checkId && entry.properties.resource.name === resourceName,
  );
}

function notifications(log: any): any[] {
  return run(log).invocations[0].toolExecutionNotifications ?? [];
}

describe('renderSarif', () => {
  it('is valid SARIF 2.1.0 in every scenario', () => {
    render(emptyScan());
    render(sampleResult());
    render(sampleResult(), true);
    render(scanOf(sampleResults().filter((entry) => entry.waived)));
    render(scanOf([], [{ file: 'a b/#1.yaml', message: 'not YAML' }]));
  });

  it('has a validator that refuses what SARIF forbids', () => {
    const log = JSON.parse(renderSarif(sampleResult(), sampleCatalogue, defaultOptions));
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
    const noMessage = JSON.parse(renderSarif(sampleResult(), sampleCatalogue, defaultOptions));
    delete noMessage.runs[0].results[0].message;
    expect(validate(noMessage)).toBe(false);
  });

  it('meets what GitHub code scanning requires of every result', () => {
    const log = render(sampleResult(), true);
    const { tool, results } = run(log);
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(tool.driver).toMatchObject({
      name: 'eksguard',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: INFORMATION_URI,
    });
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.message.text).not.toBe('');
      expect(result.locations).toHaveLength(1);
      const uri: string = result.locations[0].physicalLocation.artifactLocation.uri;
      expect(uri).not.toMatch(/^\.\/|\\/);
      expect(result.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}$/);
      // upload-sarif computes this one from the file; supplying it would stop that.
      expect(result.partialFingerprints).not.toHaveProperty('primaryLocationLineHash');
    }
    for (const rule of tool.driver.rules) {
      expect(rule.shortDescription.text).not.toBe('');
      expect(rule.fullDescription.text).not.toBe('');
      expect(rule.help.text).toContain('Remediation:');
      expect(rule.help.markdown).toContain('**Remediation:**');
      expect(rule.name).toMatch(/^[A-Za-z0-9]{1,255}$/);
      expect(rule.properties.tags).toContain('security');
      expect(rule.properties['security-severity']).toMatch(/^\d+\.\d$/);
    }
  });

  it('describes every check of the catalogue as a rule, sorted by id', () => {
    const rules = run(render(emptyScan())).tool.driver.rules;
    expect(rules.map((rule: any) => rule.id)).toEqual(sampleCatalogue.map((meta) => meta.id).sort());
    const privileged = rules.find((rule: any) => rule.id === 'wl-privileged');
    expect(privileged).toEqual({
      id: 'wl-privileged',
      name: 'PrivilegedContainer',
      shortDescription: { text: 'Privileged container' },
      fullDescription: { text: expect.stringContaining('escaping to the node is trivial') },
      help: {
        text: expect.stringContaining('Remediation: Remove `securityContext.privileged: true`'),
        markdown: expect.stringContaining('- <https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline>'),
      },
      helpUri: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'workload'], 'security-severity': '9.5' },
    });
    const names = Object.fromEntries(rules.map((rule: any) => [rule.id, rule.name]));
    expect(names['wl-image-latest']).toBe('LatestOrUntaggedImage');
    expect(names['wl-limits-missing']).toBe('CPUMemoryLimitsMissing');
    expect(names['eks-endpoint-public-open-cidr']).toBe('PublicAPIEndpointReachableFrom');
  });

  it('maps severities to levels and security-severity scores', () => {
    const cases: Array<[CheckResult['severity'], string, string]> = [
      ['critical', 'error', '9.5'],
      ['high', 'error', '8.0'],
      ['medium', 'warning', '5.5'],
      ['low', 'note', '3.0'],
      ['info', 'note', '1.0'],
    ];
    for (const [severity, level, score] of cases) {
      const [base] = sampleResults();
      const log = render(scanOf([{ ...base!, severity }]), false, []);
      const { tool, results } = run(log);
      expect(results[0].level).toBe(level);
      expect(tool.driver.rules[0].defaultConfiguration.level).toBe(level);
      expect(tool.driver.rules[0].properties['security-severity']).toBe(score);
    }
  });

  it('ranks a rule by the worst severity its results carry when configuration overrides the default', () => {
    // wl-run-as-root is medium in the catalogue; the sample's results say high.
    const rule = run(render()).tool.driver.rules.find((entry: any) => entry.id === 'wl-run-as-root');
    expect(rule.properties['security-severity']).toBe('8.0');
    expect(rule.defaultConfiguration.level).toBe('error');
  });

  it('locates findings in the file, with the resource as a logical location', () => {
    const privileged = resultFor(render(), 'wl-privileged', 'web');
    expect(privileged).toMatchObject({
      ruleId: 'wl-privileged',
      level: 'error',
      message: { text: 'Container "app" runs privileged' },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: 'deploy/web.yaml' }, region: { startLine: 31 } },
          logicalLocations: [{ name: 'web', fullyQualifiedName: 'Deployment/shop/web', kind: 'resource' }],
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: '0f6c1f8e2a9d4b7c8e1a2b3c4d5e6f70' },
      properties: {
        severity: 'critical',
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
        container: 'app',
        path: 'spec.template.spec.containers[0].securityContext.privileged',
        refs: { pss: ['baseline'], 'cis-eks-1.8': ['4.2.1'] },
        fix: { kind: 'patch', description: 'Set privileged to false' },
      },
    });
    expect(privileged).not.toHaveProperty('suppressions');
    expect(privileged).not.toHaveProperty('kind');
  });

  it('points Helm findings at the chart template, without the rendered line', () => {
    const helm = resultFor(render(), 'wl-image-latest', 'api');
    expect(helm.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'payments/templates/deployment.yaml' },
    });
    expect(helm.properties.renderedLocation).toEqual({ file: 'rendered/payments.yaml', line: 118 });
  });

  it('normalises Windows separators in file paths', () => {
    const waived = resultFor(render(), 'wl-privileged', 'aws-node');
    expect(waived.locations[0].physicalLocation.artifactLocation.uri).toBe('deploy/addons/aws-node.yaml');
  });

  it('marks waived findings as accepted external suppressions', () => {
    const waived = resultFor(render(), 'wl-privileged', 'aws-node');
    expect(waived.level).toBe('error');
    expect(waived.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'EKS platform component: the VPC CNI init container configures the node network',
        properties: { source: 'baseline' },
      },
    ]);
  });

  it('reports what cannot be an alert as notifications, never as results without a file', () => {
    const log = render();
    const { results, invocations } = run(log);
    for (const result of results) expect(result.locations[0].physicalLocation).toBeDefined();
    expect(results.map((entry: any) => entry.ruleId)).not.toContain('netpol-namespace-none');
    expect(results.map((entry: any) => entry.ruleId)).not.toContain('eks-endpoint-public-open-cidr');

    const byDescriptor = (id: string) => notifications(log).filter((entry) => entry.descriptor.id === id);
    expect(byDescriptor('input-error')).toEqual([
      {
        level: 'error',
        message: { text: 'deploy/broken.yaml:7: bad indentation of a mapping entry' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'deploy/broken.yaml' }, region: { startLine: 7 } } }],
        descriptor: { id: 'input-error', index: 0 },
      },
      {
        level: 'error',
        message: { text: 'deploy/empty.json: Unexpected end of JSON input' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'deploy/empty.json' } } }],
        descriptor: { id: 'input-error', index: 0 },
      },
    ]);
    expect(byDescriptor('check-error')).toMatchObject([
      {
        level: 'error',
        message: { text: expect.stringMatching(/^rbac-cluster-admin-binding failed on ClusterRoleBinding ci-deployer: check failed/) },
        associatedRule: { id: 'rbac-cluster-admin-binding' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'rbac/ci.yaml' }, region: { startLine: 1 } } }],
      },
    ]);
    expect(byDescriptor('finding-without-location')).toMatchObject([
      {
        level: 'warning',
        message: { text: expect.stringContaining('netpol-namespace-none (medium) on Namespace payments: Namespace "payments" has no NetworkPolicy') },
        associatedRule: { id: 'netpol-namespace-none' },
        properties: { status: 'fail', fingerprint: '5e6f708192a3b4c5d6e7f8091a2b3c4d', resource: { kind: 'Namespace', name: 'payments' } },
      },
    ]);
    expect(byDescriptor('finding-without-location')[0]).not.toHaveProperty('locations');
    expect(byDescriptor('not-evaluated').map((entry) => [entry.level, entry.associatedRule.id])).toEqual([
      ['note', 'eks-endpoint-public-open-cidr'],
      ['note', 'wl-host-network'],
    ]);
    for (const notification of notifications(log)) {
      const rule = notification.associatedRule;
      if (rule) expect(run(log).tool.driver.rules[rule.index].id).toBe(rule.id);
      expect(run(log).tool.driver.notifications[notification.descriptor.index].id).toBe(notification.descriptor.id);
    }
    expect(invocations[0].executionSuccessful).toBe(false);
  });

  it('reports expired exceptions as configuration notifications at their file', () => {
    const [expired] = run(render()).invocations[0].toolConfigurationNotifications;
    expect(expired).toMatchObject({
      level: 'warning',
      message: { text: 'Exception for wl-host-network expired on 2025-01-31 (.eksguard.yaml): node-exporter needs the host network until the v2 migration' },
      descriptor: { id: 'exception-expired' },
      associatedRule: { id: 'wl-host-network' },
      locations: [{ physicalLocation: { artifactLocation: { uri: '.eksguard.yaml' } } }],
    });
  });

  it('calls a clean run successful and lists no notifications', () => {
    const cleanRun = run(render(scanOf(sampleResults().filter((entry) => entry.status === 'pass'))));
    expect(cleanRun.invocations).toEqual([{ executionSuccessful: true }]);
    expect(cleanRun.results).toEqual([]);
  });

  it('adds located passes as kind "pass" only when asked', () => {
    expect(run(render()).results.some((entry: any) => entry.kind === 'pass')).toBe(false);
    const passes = run(render(sampleResult(), true)).results.filter((entry: any) => entry.kind === 'pass');
    expect(passes).toHaveLength(2);
    for (const pass of passes) expect(pass.level).toBe('none');
  });

  it('describes checks the catalogue does not know from their results', () => {
    const [base] = sampleResults();
    const custom = { ...base!, checkId: 'custom-team-label', title: 'Team label missing', area: 'custom' as const };
    const { tool, results } = run(render(scanOf([custom]), false, sampleCatalogue));
    const rule = tool.driver.rules[results[0].ruleIndex];
    expect(rule).toMatchObject({
      id: 'custom-team-label',
      name: 'TeamLabelMissing',
      shortDescription: { text: 'Team label missing' },
      properties: { tags: ['security', 'custom'] },
    });
  });

  it('omits semanticVersion when the version is not semver', () => {
    const log = JSON.parse(renderSarif(sampleResult(), sampleCatalogue, { ...defaultOptions, toolVersion: 'dev-abc123' }));
    expect(run(log).tool.driver.version).toBe('dev-abc123');
    expect(run(log).tool.driver).not.toHaveProperty('semanticVersion');
  });
});

describe('renderSarif with attack paths', () => {
  it('stays valid SARIF 2.1.0, with a validator that checks the code flows', () => {
    render(sampleWithPaths());
    render(sampleWithPaths(), true);
    const log = JSON.parse(renderSarif(sampleWithPaths(), sampleCatalogue, defaultOptions));
    run(log).results.find((entry: any) => entry.codeFlows).codeFlows[0].threadFlows = [];
    expect(validate(log)).toBe(false);
  });

  it('ranks a finding by its risk score and names its paths in the properties', () => {
    const privileged = resultFor(render(sampleWithPaths()), 'wl-privileged', 'web');
    expect(privileged.rank).toBe(88);
    expect(privileged.properties).toMatchObject({ riskScore: 88, attackPathIds: ['internet-to-aws-admin:3f1c2a9b8d7e'] });
    const runAsRoot = resultFor(render(sampleWithPaths()), 'wl-run-as-root', 'web');
    expect(runAsRoot.rank).toBe(62);
    expect(runAsRoot).not.toHaveProperty('codeFlows');
    // Without the graph nothing changes.
    expect(resultFor(render(), 'wl-privileged', 'web')).not.toHaveProperty('rank');
  });

  it('gives a finding on a path one code flow per path, a location per node in order', () => {
    const privileged = resultFor(render(sampleWithPaths()), 'wl-privileged', 'web');
    expect(privileged.codeFlows).toHaveLength(1);
    const [flow] = privileged.codeFlows;
    expect(flow.message.text).toBe('Internet-exposed workload reaches AWS administrator access (critical, score 88)');
    expect(flow.properties).toEqual({ attackPathId: 'internet-to-aws-admin:3f1c2a9b8d7e', query: 'internet-to-aws-admin', severity: 'critical', score: 88 });
    const locations = flow.threadFlows[0].locations;
    expect(locations.map((entry: any) => entry.location.logicalLocations[0].fullyQualifiedName)).toEqual([
      'Internet/internet',
      'LoadBalancer/shop/Service/web',
      'Service/shop/web',
      'Deployment/shop/web',
      'NodeGroup/workers',
      'IAMRole/arn:aws:iam::111122223333:role/eks-node',
      'AWSPermission/admin',
    ]);
    expect(locations.map((entry: any) => entry.executionOrder)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(locations[0].location.message.text).toBe('Start: Internet');
    expect(locations[4].location.message.text).toBe(
      'Deployment shop/web —escapes-to-node→ NodeGroup workers; Deployment shop/web spec.template.spec.containers[0].securityContext.privileged: container "app" is privileged; enabled by wl-privileged',
    );
    // The step this finding enables is the essential one.
    expect(locations.filter((entry: any) => entry.importance === 'essential').map((entry: any) => entry.executionOrder)).toEqual([5]);
  });

  it('places a flow location in a file only when a result places its node there, never in another node’s file', () => {
    const privileged = resultFor(render(sampleWithPaths()), 'wl-privileged', 'web');
    const locations = privileged.codeFlows[0].threadFlows[0].locations;
    const placed = locations.map((entry: any) => [
      entry.location.logicalLocations[0].fullyQualifiedName,
      entry.location.physicalLocation?.artifactLocation.uri,
      entry.location.physicalLocation?.region?.startLine,
    ]);
    // The Deployment is declared where its earliest result points; the Internet, the load
    // balancer, the node group and AWS are in no file, and no result places Service shop/web:
    // none of them borrows the finding's own file (deploy/web.yaml line 31).
    expect(placed).toEqual([
      ['Internet/internet', undefined, undefined],
      ['LoadBalancer/shop/Service/web', undefined, undefined],
      ['Service/shop/web', undefined, undefined],
      ['Deployment/shop/web', 'deploy/web.yaml', 1],
      ['NodeGroup/workers', undefined, undefined],
      ['IAMRole/arn:aws:iam::111122223333:role/eks-node', undefined, undefined],
      ['AWSPermission/admin', undefined, undefined],
    ]);
    for (const entry of locations) {
      if (!entry.location.physicalLocation) expect(Object.keys(entry.location).sort()).toEqual(['logicalLocations', 'message']);
    }
  });

  it('places a node that has a result of its own in that result’s file', () => {
    const scan = sampleWithPaths();
    const [base] = sampleResults();
    scan.results.push({
      ...base!,
      checkId: 'svc-lb-internet-facing',
      status: 'pass',
      resource: { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' },
      location: { file: 'deploy/service.yaml', line: 3 },
      fingerprint: 'f'.repeat(32),
    });
    const privileged = resultFor(render(scan), 'wl-privileged', 'web');
    const service = privileged.codeFlows[0].threadFlows[0].locations[2].location;
    expect(service.logicalLocations[0].fullyQualifiedName).toBe('Service/shop/web');
    expect(service.physicalLocation).toEqual({ artifactLocation: { uri: 'deploy/service.yaml' }, region: { startLine: 3 } });
  });

  it(`carries at most ${MAX_CODE_FLOWS} code flows, the highest scores, while the properties list every path`, () => {
    const scan = sampleWithPaths();
    const [template] = scan.attackPaths!;
    scan.attackPaths = Array.from({ length: 14 }, (_, index) => ({ ...template!, id: `q:${String(index).padStart(2, '0')}`, score: 50 + index }));
    const privileged = scan.results.find((entry) => entry.fingerprint === '0f6c1f8e2a9d4b7c8e1a2b3c4d5e6f70')!;
    privileged.attackPathIds = scan.attackPaths.map((path) => path.id);
    const result = resultFor(render(scan), 'wl-privileged', 'web');
    expect(result.codeFlows).toHaveLength(MAX_CODE_FLOWS);
    expect(result.codeFlows[0].properties.attackPathId).toBe('q:13');
    expect(result.properties.attackPathIds).toHaveLength(14);
  });

  it('keeps scores and paths on findings reported as notifications, and lists every path on the run', () => {
    const log = render(sampleWithPaths());
    const namespace = notifications(log).find((entry) => entry.associatedRule?.id === 'netpol-namespace-none');
    expect(namespace.properties).toMatchObject({ riskScore: 90, attackPathIds: ['lateral-to-secrets:9a8b7c6d5e4f'] });
    expect(run(log).properties.attackPaths).toEqual([
      { id: 'internet-to-aws-admin:3f1c2a9b8d7e', query: 'internet-to-aws-admin', title: 'Internet-exposed workload reaches AWS administrator access', severity: 'critical', score: 88 },
      { id: 'lateral-to-secrets:9a8b7c6d5e4f', query: 'lateral-to-secrets', title: 'Compromised pod reaches a workload holding secrets', severity: 'high', score: 85 },
    ]);
    expect(run(render()).properties).toEqual({ scannedAt: '2025-06-02T09:15:00.000Z' });
  });
});

