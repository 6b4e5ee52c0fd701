/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- findings are probed by shape */
import { describe, expect, it } from 'vitest';
import { AsffContextError, ASFF_LIMITS, clip, partitionOf, renderAsff, resolveAwsContext } from './asff.js';
import type { ReportOptions } from './report-options.js';
import { expectGolden, HOSTILE, hostileScan } from './test-support/golden.js';
import { defaultOptions, emptyScan, sampleCatalogue, sampleResult, sampleResults, sampleWithPaths, scanOf } from './test-support/sample-result.js';
import { asffValidator, errorsOf } from './test-support/schemas.js';

const validate = asffValidator();
const manifests: ReportOptions = { ...defaultOptions, aws: { accountId: '111122223333', region: 'eu-west-1' } };
const cluster: ReportOptions = { ...defaultOptions, aws: { accountId: '111122223333', region: 'eu-west-1', cluster: 'cluster' } };

function render(result = sampleWithPaths(), options = cluster): any[] {
  const findings = JSON.parse(renderAsff(result, sampleCatalogue, options)) as any[];
  expect(validate(findings), errorsOf(validate)).toBe(true);
  return findings;
}

describe('renderAsff', () => {
  it('matches the golden file for the sample scan of a known cluster', () => {
    expectGolden('sample.asff.json', renderAsff(sampleWithPaths(), sampleCatalogue, cluster));
  });

  it('writes failures only, waived ones suppressed, valid against the ASFF subset schema', () => {
    const findings = render();
    expect(findings).toHaveLength(6);
    expect(findings.map((finding) => finding.Compliance.Status)).toEqual(Array(6).fill('FAILED'));
    const waived = findings.find((finding) => finding.Resources[0].Details.Other.name === 'aws-node');
    expect(waived.Workflow).toEqual({ Status: 'SUPPRESSED' });
    expect(waived.Description).toContain('Waived (baseline): EKS platform component');
    expect(findings.filter((finding) => finding.Workflow.Status === 'NEW')).toHaveLength(5);
  });

  it('fills the required fields from the scan and the cluster', () => {
    const [privileged] = render();
    expect(privileged).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: 'arn:aws:eks:eu-west-1:111122223333:cluster/cluster/wl-privileged/0f6c1f8e2a9d4b7c8e1a2b3c4d5e6f70',
      ProductArn: 'arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default',
      GeneratorId: 'eksguard/wl-privileged',
      AwsAccountId: '111122223333',
      CreatedAt: '2025-06-02T09:15:00.000Z',
      UpdatedAt: '2025-06-02T09:15:00.000Z',
      Severity: { Label: 'CRITICAL', Original: 'critical' },
      Title: 'Privileged container: Deployment shop/web',
      Description: 'Container "app" runs privileged',
      Remediation: {
        Recommendation: {
          Text: 'Remove `securityContext.privileged: true`; grant the few capabilities the container needs instead.',
          Url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
        },
      },
      Compliance: { Status: 'FAILED', RelatedRequirements: ['cis-eks-1.8 4.2.1', 'pss baseline'] },
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
    });
    expect(privileged.Types).toEqual([
      'Software and Configuration Checks/Industry and Regulatory Standards/CIS EKS Benchmark',
      'Software and Configuration Checks/Industry and Regulatory Standards/Kubernetes Pod Security Standards',
    ]);
    expect(privileged.Resources).toEqual([
      {
        Type: 'Other',
        Id: 'arn:aws:eks:eu-west-1:111122223333:cluster/cluster/shop/Deployment/web',
        Partition: 'aws',
        Region: 'eu-west-1',
        Details: {
          Other: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            namespace: 'shop',
            name: 'web',
            container: 'app',
            path: 'spec.template.spec.containers[0].securityContext.privileged',
            file: './deploy/web.yaml',
            line: '31',
          },
        },
      },
    ]);
    expect(privileged.ProductFields).toMatchObject({
      'eksguard/CheckId': 'wl-privileged',
      'eksguard/Fingerprint': '0f6c1f8e2a9d4b7c8e1a2b3c4d5e6f70',
      'eksguard/RiskScore': '88',
      'eksguard/AttackPathIds': 'internet-to-aws-admin:3f1c2a9b8d7e',
    });
  });

  it('keeps the same Id for the same finding across scans', () => {
    const first = render().map((finding) => finding.Id);
    const later = { ...sampleWithPaths(), scannedAt: '2025-07-01T00:00:00.000Z' };
    expect(render(later).map((finding) => finding.Id)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('names the cluster as AwsEksCluster by its ARN, and objects under "kubernetes" when the cluster is unknown', () => {
    const clusterFailure = sampleResults().find((entry) => entry.resource.kind === 'Cluster');
    if (!clusterFailure) throw new Error('no cluster result in the sample');
    const scan = scanOf([{ ...clusterFailure, status: 'fail' }]);
    const [eks] = render(scan);
    expect(eks.Resources[0]).toMatchObject({ Type: 'AwsEksCluster', Id: 'arn:aws:eks:eu-west-1:111122223333:cluster/cluster' });
    const [other] = render(scan, manifests);
    expect(other.Resources[0]).toMatchObject({ Type: 'Other', Id: 'kubernetes/Cluster/cluster' });
    expect(other.Id).toBe('eksguard/eks-endpoint-public-open-cidr/6f708192a3b4c5d6e7f8091a2b3c4d5e');
    expect(other.Types).toEqual(['Software and Configuration Checks/AWS Security Best Practices/Amazon EKS']);
  });

  it('maps every status with --include-passed', () => {
    const findings = render(sampleResult(), { ...cluster, includePassed: true });
    const statuses = Object.fromEntries(findings.map((finding) => [finding.ProductFields['eksguard/Status'], finding.Compliance.Status]));
    expect(statuses).toEqual({ fail: 'FAILED', 'not-evaluated': 'NOT_AVAILABLE', error: 'WARNING', pass: 'PASSED' });
    expect(findings.find((finding) => finding.Severity.Original === 'info')).toBeUndefined();
  });

  it('uses the partition of the region', () => {
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    const [finding] = render(sampleResult(), { ...defaultOptions, aws: { accountId: '111122223333', region: 'cn-north-1', cluster: 'prod' } });
    expect(finding.ProductArn).toBe('arn:aws-cn:securityhub:cn-north-1:111122223333:product/111122223333/default');
    expect(finding.Resources[0].Partition).toBe('aws-cn');
  });

  it('refuses to render without a valid account and region', () => {
    expect(() => renderAsff(sampleResult(), sampleCatalogue, defaultOptions)).toThrow(AsffContextError);
    expect(() => resolveAwsContext({ accountId: '1234', region: 'eu-west-1' })).toThrow(/not 12 digits/);
    expect(() => resolveAwsContext({ accountId: '111122223333' })).toThrow(/region is unknown/);
    expect(() => resolveAwsContext({ accountId: '111122223333', region: 'Europe' })).toThrow(/not an AWS region/);
  });

  it('is an empty array for a scan without failures', () => {
    expect(renderAsff(emptyScan(), [], cluster)).toBe('[]\n');
  });

  it('clips long values to the ASFF limits and keeps hostile text as data', () => {
    const scan = hostileScan();
    const [entry] = scan.results;
    if (!entry) throw new Error('empty');
    entry.message = `${'m'.repeat(2000)}🚀`;
    entry.remediation = 'r'.repeat(600);
    entry.title = 't'.repeat(300);
    entry.path = 'p'.repeat(1500);
    const [finding] = render(scan);
    expect(finding.Title).toHaveLength(ASFF_LIMITS.title);
    expect(finding.Description).toHaveLength(ASFF_LIMITS.description);
    expect(finding.Remediation.Recommendation.Text).toHaveLength(ASFF_LIMITS.recommendationText);
    expect(finding.Resources[0].Details.Other.path).toHaveLength(ASFF_LIMITS.otherValue);
    expect(finding.Resources[0].Details.Other.name).toBe(HOSTILE.name);
    expect(finding.Resources[0].Details.Other.container).toBe(HOSTILE.container);
    expectGolden('hostile.asff.json', renderAsff(hostileScan(), sampleCatalogue, cluster));
    render(hostileScan());
  });

  it('never splits a surrogate pair when clipping', () => {
    expect(clip('ab🚀', 3)).toBe('ab…');
    expect(clip('a🚀b', 3)).toBe('a…');
    expect(clip('abc', 3)).toBe('abc');
  });
});
