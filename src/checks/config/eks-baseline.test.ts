import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../model/index.js';
import { InventoryView } from '../../inventory/index.js';
import { loadManifestText } from '../../collect/files/index.js';
import { runChecks } from '../engine.js';
import { BUILT_IN_CHECKS } from '../registry.js';
import { buildPolicy } from './build-policy.js';
import { defaultConfig } from './config-types.js';
import { EKS_BASELINE, baselineCheckIds } from './eks-baseline.js';

const CATALOGUE = readFileSync(new URL('../../../docs/catalogue.md', import.meta.url), 'utf8');
const CATALOGUE_IDS = new Set([...CATALOGUE.matchAll(/^\| ([a-z0-9-]+) \|/gm)].map((match) => match[1]));

describe('EKS baseline', () => {
  it('names only check ids of the catalogue, never globs', () => {
    for (const id of baselineCheckIds()) expect(CATALOGUE_IDS.has(id), `${id} is not in docs/catalogue.md`).toBe(true);
  });

  it('matches by exact kind, namespace and name, and says why for every entry', () => {
    for (const entry of EKS_BASELINE) {
      expect(entry.kind).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(entry.name).toMatch(/^[a-z0-9-]+$/);
      expect(entry.namespaces.length).toBeGreaterThan(0);
      for (const namespace of entry.namespaces) expect(namespace).toMatch(/^[a-z0-9-]+$/);
      expect(entry.checks.length).toBeGreaterThan(0);
      expect(new Set(entry.checks).size).toBe(entry.checks.length);
      expect(entry.reason.length).toBeGreaterThan(40);
      expect(entry).not.toHaveProperty('labels');
    }
  });

  it('covers the EKS platform components', () => {
    const names = new Set(EKS_BASELINE.map((entry) => `${entry.kind}/${entry.name}`));
    for (const expected of [
      'DaemonSet/aws-node',
      'DaemonSet/kube-proxy',
      'Deployment/coredns',
      'DaemonSet/ebs-csi-node',
      'Deployment/ebs-csi-controller',
      'DaemonSet/efs-csi-node',
      'Deployment/efs-csi-controller',
      'DaemonSet/eks-pod-identity-agent',
      'Deployment/aws-load-balancer-controller',
      'DaemonSet/cloudwatch-agent',
      'DaemonSet/fluent-bit',
      'DaemonSet/aws-guardduty-agent',
      'Deployment/metrics-server',
      'Deployment/karpenter',
    ]) {
      expect(names.has(expected), expected).toBe(true);
    }
  });

  it('waives privileged mode for named containers only, never a whole platform pod', () => {
    for (const entry of EKS_BASELINE.filter((candidate) => candidate.checks.includes('wl-privileged'))) {
      // single-container pods, where pod-level findings (seccomp) belong to that container
      if (['aws-guardduty-agent', 'kube-proxy'].includes(entry.name)) continue;
      expect(entry.containers?.length, `${entry.name} waives wl-privileged for every container`).toBeGreaterThan(0);
    }
  });
});

describe('EKS baseline on stock platform manifests', () => {
  const text = readFileSync(new URL('./fixtures/eks-platform.yaml', import.meta.url), 'utf8');

  function scan(baseline: boolean): CheckResult[] {
    const loaded = loadManifestText(text, 'eks-platform.yaml');
    expect(loaded.errors).toEqual([]);
    const view = new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] }, loaded.sources);
    const { policy } = buildPolicy(defaultConfig(), { now: new Date('2026-01-01'), baseline });
    return runChecks(view, BUILT_IN_CHECKS, policy).filter((result) => result.status === 'fail');
  }
  const serious = (result: CheckResult): boolean => result.severity === 'critical' || result.severity === 'high';

  it('leaves no critical or high finding open on aws-node, kube-proxy, coredns, ebs-csi-node and the pod identity agent', () => {
    const open = scan(true).filter((result) => serious(result) && !result.waived);
    expect(open.map((result) => `${result.checkId} ${result.resource.name} ${result.container ?? ''}`)).toEqual([]);
  });

  it('would report them without the baseline', () => {
    expect(scan(false).filter(serious).length).toBeGreaterThan(10);
  });
});
