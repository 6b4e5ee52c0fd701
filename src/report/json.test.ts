/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   parsed reports are probed by shape after the schema has validated them */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJson } from './json.js';
import { errorsOf, scanResultValidator } from './test-support/schemas.js';
import {
  defaultOptions,
  emptyScan,
  sampleCatalogue,
  sampleResult,
  sampleResults,
  sampleWithPaths,
  scanOf,
} from './test-support/sample-result.js';

const validate = scanResultValidator();

function render(result = sampleResult(), includePassed = false): Record<string, any> {
  return JSON.parse(renderJson(result, sampleCatalogue, { ...defaultOptions, includePassed }));
}

function expectValid(document: unknown): void {
  const valid = validate(document);
  if (!valid) throw new Error(errorsOf(validate));
}

describe('renderJson', () => {
  it('validates against the published schema in every scenario', () => {
    const waivedOnly = scanOf(sampleResults().filter((entry) => entry.waived));
    const inputErrorsOnly = scanOf([], [{ file: 'a.yaml', line: 3, message: 'duplicate key "spec"' }]);
    for (const document of [
      render(emptyScan()),
      render(waivedOnly),
      render(inputErrorsOnly),
      render(sampleResult()),
      render(sampleResult(), true),
    ]) {
      expectValid(document);
    }
  });

  it('leaves passes out unless asked, and keeps the summary counting them', () => {
    const without = render();
    expect(without.results.map((entry: any) => entry.status)).not.toContain('pass');
    expect(without.results).toHaveLength(9);
    expect(without.summary.byStatus).toEqual({ fail: 6, error: 1, 'not-evaluated': 2, pass: 2 });

    const withPasses = render(sampleResult(), true);
    expect(withPasses.results).toHaveLength(11);
    expect(withPasses.results.filter((entry: any) => entry.status === 'pass')).toHaveLength(2);
  });

  it('prints keys in the contract order with 2-space indentation, whatever order the scan used', () => {
    const scan = sampleResult();
    // Rebuild the first result with its keys reversed: the output must not follow it.
    const first = scan.results[0]!;
    scan.results[0] = Object.fromEntries(Object.entries(first).reverse()) as typeof first;
    const text = renderJson(scan, sampleCatalogue, defaultOptions);
    const document = JSON.parse(text);

    expect(Object.keys(document)).toEqual([
      'schemaVersion',
      'tool',
      'scannedAt',
      'summary',
      'results',
      'inputErrors',
      'expiredExceptions',
    ]);
    expect(Object.keys(document.results[0])).toEqual([
      'checkId',
      'title',
      'severity',
      'status',
      'resource',
      'container',
      'path',
      'location',
      'message',
      'remediation',
      'refs',
      'fingerprint',
      'fix',
    ]);
    expect(Object.keys(document.results[0].resource)).toEqual(['apiVersion', 'kind', 'namespace', 'name']);
    expect(Object.keys(document.summary.byStatus)).toEqual(['fail', 'error', 'not-evaluated', 'pass']);
    expect(Object.keys(document.results[0].refs)).toEqual(['cis-eks-1.8', 'pss']);
    expect(text).toMatch(/^\{\n {2}"schemaVersion": 1,\n {2}"tool": \{\n {4}"name": "eksguard",/);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('carries waivers, Helm sources and locationless results as they are', () => {
    const document = render();
    const waived = document.results.find((entry: any) => entry.waived);
    expect(waived).toMatchObject({
      checkId: 'wl-privileged',
      status: 'fail',
      resource: { kind: 'DaemonSet', namespace: 'kube-system', name: 'aws-node' },
      waived: { reason: expect.stringContaining('VPC CNI'), source: 'baseline' },
    });
    const helm = document.results.find((entry: any) => entry.checkId === 'wl-image-latest');
    expect(helm.location).toEqual({
      file: 'rendered/payments.yaml',
      line: 118,
      helmSource: 'payments/templates/deployment.yaml',
    });
    const namespace = document.results.find((entry: any) => entry.checkId === 'netpol-namespace-none');
    expect(namespace).not.toHaveProperty('location');
    expect(namespace.resource).toEqual({ kind: 'Namespace', name: 'payments' });
    expect(document.inputErrors).toEqual([
      { file: 'deploy/broken.yaml', line: 7, message: 'bad indentation of a mapping entry' },
      { file: 'deploy/empty.json', message: 'Unexpected end of JSON input' },
    ]);
    expect(document.expiredExceptions[0]).toEqual({
      checkId: 'wl-host-network',
      reason: 'node-exporter needs the host network until the v2 migration',
      expires: '2025-01-31',
      source: '.eksguard.yaml',
    });
  });

  it('stamps the version it is given, else the one the scan recorded', () => {
    expect(render().tool).toEqual({ name: 'eksguard', version: '0.1.0' });
    const stamped = JSON.parse(renderJson(sampleResult(), [], { ...defaultOptions, toolVersion: '0.2.0-rc.1' }));
    expect(stamped.tool.version).toBe('0.2.0-rc.1');
  });

  it('drops fields outside the contract, so the schema stays strict', () => {
    const scan = sampleResult();
    Object.assign(scan.results[0]!, { internal: 'engine detail' });
    Object.assign(scan.results[0]!.resource, { uid: 'abc' });
    const document = render(scan);
    expect(document.results[0]).not.toHaveProperty('internal');
    expect(document.results[0].resource).not.toHaveProperty('uid');
    expectValid(document);
  });

  it('is refused by the schema when the contract is broken', () => {
    const document = render();
    document.results[0].severity = 'severe';
    expect(validate(document)).toBe(false);
    const waivedPass = render(sampleResult(), true);
    waivedPass.results.find((entry: any) => entry.status === 'pass').waived = { reason: 'x', source: 'baseline' };
    expect(validate(waivedPass)).toBe(false);
    const extra = render();
    extra.results[0].area = 'workload';
    expect(validate(extra)).toBe(false);
  });

  it('is the same bytes for the same scan', () => {
    expect(renderJson(sampleResult(), sampleCatalogue, defaultOptions)).toBe(
      renderJson(sampleResult(), sampleCatalogue, defaultOptions),
    );
  });

  it('agrees with the example in docs/output-formats.md', () => {
    const doc = readFileSync(new URL('../../docs/output-formats.md', import.meta.url), 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    expectValid(JSON.parse(example!));
  });
});

describe('renderJson with attack paths', () => {
  it('validates against the schema, with and without passes', () => {
    expectValid(render(sampleWithPaths()));
    expectValid(render(sampleWithPaths(), true));
    const empty = sampleResult();
    empty.attackPaths = [];
    expectValid(render(empty));
  });

  it('lists the paths after the summary, in the contract shape and key order', () => {
    const document = render(sampleWithPaths());
    expect(Object.keys(document)).toEqual([
      'schemaVersion',
      'tool',
      'scannedAt',
      'summary',
      'attackPaths',
      'results',
      'inputErrors',
      'expiredExceptions',
    ]);
    const [first, second] = document.attackPaths;
    expect(Object.keys(first)).toEqual(['id', 'query', 'title', 'severity', 'score', 'steps']);
    expect(first).toMatchObject({ id: 'internet-to-aws-admin:3f1c2a9b8d7e', query: 'internet-to-aws-admin', severity: 'critical', score: 88 });
    expect(first.steps[0]).toEqual({
      from: { kind: 'Internet', name: 'internet' },
      edge: 'exposes',
      to: { kind: 'LoadBalancer', namespace: 'shop', name: 'Service/web' },
      evidence: [{ resource: { kind: 'Service', namespace: 'shop', name: 'web' }, path: 'spec.type', detail: 'internet-facing load balancer' }],
    });
    expect(Object.keys(first.steps[3])).toEqual(['from', 'edge', 'to', 'evidence', 'checkIds']);
    expect(first.steps[3].checkIds).toEqual(['wl-privileged']);
    expect(second.steps.map((step: any) => step.edge)).toEqual(['reaches', 'mounts-secret']);
  });

  it('scores failures and names the paths each is on, by ids the document holds', () => {
    const document = render(sampleWithPaths());
    const ids = new Set(document.attackPaths.map((path: any) => path.id));
    const privileged = document.results.find((entry: any) => entry.checkId === 'wl-privileged' && entry.resource.name === 'web');
    expect(privileged.riskScore).toBe(88);
    expect(privileged.attackPathIds).toEqual(['internet-to-aws-admin:3f1c2a9b8d7e']);
    expect(Object.keys(privileged).slice(-2)).toEqual(['riskScore', 'attackPathIds']);
    for (const entry of document.results) {
      for (const id of entry.attackPathIds ?? []) expect(ids).toContain(id);
      if (entry.status !== 'fail') expect(entry).not.toHaveProperty('riskScore');
    }
    const unscored = render();
    expect(unscored).not.toHaveProperty('attackPaths');
    for (const entry of unscored.results) expect(entry).not.toHaveProperty('riskScore');
  });

  it('is refused by the schema when a path or score breaks the contract', () => {
    const badScore = render(sampleWithPaths());
    badScore.results[0].riskScore = 101;
    expect(validate(badScore)).toBe(false);
    const scoredPass = render(sampleWithPaths(), true);
    scoredPass.results.find((entry: any) => entry.status === 'pass').riskScore = 10;
    expect(validate(scoredPass)).toBe(false);
    const noSteps = render(sampleWithPaths());
    noSteps.attackPaths[0].steps = [];
    expect(validate(noSteps)).toBe(false);
    const extra = render(sampleWithPaths());
    extra.attackPaths[0].steps[0].from.uid = 'x';
    expect(validate(extra)).toBe(false);
  });
});


describe('renderJson with --framework', () => {
  function withCompliance(): ReturnType<typeof sampleResult> {
    const scan = sampleResult();
    const counts = { pass: 1, fail: 1, manual: 1, 'not-evaluated': 1 };
    scan.compliance = [
      {
        framework: 'cis-eks-1.8',
        title: 'CIS Amazon EKS Benchmark',
        version: '1.8.0',
        score: 50,
        counts,
        controls: [
          { id: '4.1.3', title: 'Minimize wildcard use in Roles and ClusterRoles', status: 'fail', checkIds: ['rbac-wildcard'], failures: 2, passes: 0 },
          { id: '4.1.4', title: 'Minimize access to create pods', status: 'pass', checkIds: ['rbac-create-pods'], failures: 0, passes: 3 },
          { id: '3.1.1', title: 'Kubeconfig permissions', status: 'manual', checkIds: [], failures: 0, passes: 0, reason: 'node files' },
          { id: '5.1.1', title: 'Image scanning', status: 'not-evaluated', checkIds: ['sc-ecr-scan-off'], failures: 0, passes: 0, reason: 'no AWS data' },
        ],
      },
      { framework: 'pss', title: 'Kubernetes Pod Security Standards', version: 'latest', score: null, counts: { ...counts, pass: 0, fail: 0 }, controls: [] },
    ];
    return scan;
  }

  it('adds the chosen framework\'s compliance after the summary, in the contract shape', () => {
    const text = renderJson(withCompliance(), sampleCatalogue, { ...defaultOptions, framework: 'cis-eks-1.8' });
    const document = JSON.parse(text);
    expectValid(document);
    expect(Object.keys(document).slice(0, 5)).toEqual(['schemaVersion', 'tool', 'scannedAt', 'summary', 'compliance']);
    expect(document.compliance).toMatchObject({ framework: 'cis-eks-1.8', version: '1.8.0', score: 50 });
    expect(Object.keys(document.compliance.controls[0])).toEqual(['id', 'title', 'status', 'checkIds', 'failures', 'passes']);
    expect(document.compliance.controls.map((control: any) => control.status)).toEqual(['fail', 'pass', 'manual', 'not-evaluated']);
    expect(document.compliance.controls[3].reason).toBe('no AWS data');
  });

  it('validates a null score, and leaves compliance out without --framework', () => {
    const pss = JSON.parse(renderJson(withCompliance(), sampleCatalogue, { ...defaultOptions, framework: 'pss' }));
    expectValid(pss);
    expect(pss.compliance.score).toBeNull();
    expect(render(withCompliance())).not.toHaveProperty('compliance');
  });

  it('is refused by the schema when a control breaks the contract', () => {
    const document = JSON.parse(renderJson(withCompliance(), sampleCatalogue, { ...defaultOptions, framework: 'cis-eks-1.8' }));
    document.compliance.controls[0].status = 'partial';
    expect(validate(document)).toBe(false);
    const overScore = JSON.parse(renderJson(withCompliance(), sampleCatalogue, { ...defaultOptions, framework: 'cis-eks-1.8' }));
    overScore.compliance.score = 101;
    expect(validate(overScore)).toBe(false);
  });
});
