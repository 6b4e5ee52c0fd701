import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/test-support/run.js';
import { errorsOf, sarifValidator, scanResultValidator } from '../src/report/test-support/schemas.js';

interface Row {
  checkId: string;
  status: string;
  resource: { kind: string; namespace?: string; name: string };
  container?: string;
  waived?: { source: string };
}

const key = (row: Row): string =>
  `${row.checkId} ${row.resource.kind}/${row.resource.namespace ? `${row.resource.namespace}/` : ''}${row.resource.name}`;

describe('the bundled demo (examples/shop)', async () => {
  const result = await run(['scan', 'manifests', 'examples/shop', '--config', 'examples/shop/.eksguard.yaml', '--format', 'json', '--fail-on', 'none']);
  const report = JSON.parse(result.stdout) as { results: Row[]; inputErrors: unknown[] };
  const open = new Set(report.results.filter((row) => row.status === 'fail' && !row.waived).map(key));
  const waived = new Set(report.results.filter((row) => row.waived).map(key));

  it('reads every file without input errors', () => {
    expect(result.code).toBe(0);
    expect(report.inputErrors).toEqual([]);
    expect(result.stderr).toBe('');
  });

  it.each([
    'wl-privileged DaemonSet/monitoring/log-shipper',
    'wl-hostpath-writable-sensitive DaemonSet/monitoring/log-shipper',
    'wl-host-network DaemonSet/monitoring/log-shipper',
    'rbac-cluster-admin-binding ServiceAccount/ci/deployer',
    'rbac-authenticated-elevated Group/system:authenticated',
    'rbac-secrets-read Group/system:authenticated',
    'aws-auth-system-masters ConfigMap/kube-system/aws-auth',
    'sec-literal-credential-env Deployment/shop-backend/orders-api',
    'sec-credential-in-configmap ConfigMap/shop-data/reporting',
    'svc-unauthenticated-db StatefulSet/shop-data/cache',
    'svc-lb-internet-facing Service/shop-data/cache',
    'netpol-namespace-none Namespace/shop-data',
    'wl-image-latest StatefulSet/shop-data/cache',
    'sec-pv-unencrypted StorageClass/gp2-legacy',
    'psa-no-enforce-label Namespace/monitoring',
    'sec-secret-as-env Deployment/shop-backend/orders-api',
  ])('finds the deliberate mistake: %s', (expected) => {
    expect(open).toContain(expected);
  });

  it.each([
    'svc-lb-internet-facing Service/shop-data/cache-internal',
    'sec-credential-in-configmap ConfigMap/shop-backend/orders-api',
    'sec-literal-credential-env Deployment/shop-frontend/storefront',
    'ingress-weak-tls-policy Ingress/shop-frontend/storefront',
    'svc-lb-no-tls Ingress/shop-frontend/storefront',
    'sec-pv-unencrypted StorageClass/gp3',
    'netpol-workload-uncovered Deployment/shop-frontend/storefront',
    'netpol-workload-uncovered Deployment/shop-backend/orders-api',
    'netpol-imds-egress-open Deployment/shop-backend/orders-api',
    'wl-run-as-root Deployment/shop-frontend/storefront',
    'wl-image-not-digest Deployment/shop-frontend/storefront',
    'sc-registry-not-allowed Deployment/shop-frontend/storefront',
    'rbac-secrets-read Group/orders-developers',
    'rbac-wildcard ServiceAccount/shop-backend/orders-api',
    'aws-auth-node-groups-abuse ConfigMap/kube-system/aws-auth',
    'psa-existing-violations Deployment/shop-frontend/storefront',
  ])('does not flag the trap: %s', (trap) => {
    expect(open).not.toContain(trap);
  });

  it('waives the platform components by the EKS baseline and the storefront by the config', () => {
    expect(waived).toContain('wl-privileged DaemonSet/kube-system/aws-node');
    expect(waived).toContain('svc-lb-internet-facing Ingress/shop-frontend/storefront');
    expect(open).not.toContain('wl-privileged DaemonSet/kube-system/aws-node');
  });
});

describe('the demo outputs keep their published schemas', () => {
  it.each([
    ['examples/shop', ['scan', 'manifests', 'examples/shop', '--config', 'examples/shop/.eksguard.yaml']],
    ['examples/prod.snapshot.json.gz', ['scan', 'snapshot', 'examples/prod.snapshot.json.gz']],
  ])('%s: JSON and SARIF are valid and carry attack paths', async (_name, args) => {
    const json = await run([...args, '--format', 'json', '--fail-on', 'none']);
    const report = JSON.parse(json.stdout) as { attackPaths?: unknown[] };
    const validJson = scanResultValidator();
    expect(validJson(report), errorsOf(validJson)).toBe(true);
    expect(report.attackPaths?.length).toBeGreaterThan(0);
    const sarif = await run([...args, '--format', 'sarif', '--fail-on', 'none']);
    const validSarif = sarifValidator();
    expect(validSarif(JSON.parse(sarif.stdout)), errorsOf(validSarif)).toBe(true);
  });
});
