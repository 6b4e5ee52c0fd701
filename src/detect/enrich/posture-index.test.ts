import { describe, expect, it } from 'vitest';
import type { Alert, AwsData, CheckResult } from '../../model/index.js';
import { ADMIN_POLICY_ARN, allowDoc, cluster, irsaTrust, role, roleArn } from '../../checks/identity/test-support/aws-fixtures.js';
import { buildGraph, findPaths, toAttackPath } from '../../graph/index.js';
import { graphInventory } from '../../graph/test-support/inventory.js';
import { PostureIndex } from './posture-index.js';

const WEB_ROLE = roleArn('shop-web');
const AWS: AwsData = {
  eks: { cluster: cluster(), podIdentityAssociations: [] },
  iam: { roles: [role('shop-web', { trust: irsaTrust('system:serviceaccount:shop:web'), attached: [{ arn: ADMIN_POLICY_ARN, document: allowDoc('*') }] })] },
};

const deployment = (name: string, serviceAccount: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      serviceAccountName: ${serviceAccount}
      containers: [{ name: app, image: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/${name}:1.0", ports: [{ containerPort: 8080 }] }]
`;
const CLUSTER = [
  'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
  deployment('web', 'web'),
  deployment('batch', 'batch'),
  'apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec: { type: LoadBalancer, selector: { app: web }, ports: [{ port: 443, targetPort: 8080 }] }\n',
  `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: web, namespace: shop, annotations: { eks.amazonaws.com/role-arn: "${WEB_ROLE}" } }\n`,
  'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: batch, namespace: shop }\n',
].join('---\n');

const view = graphInventory(CLUSTER, AWS);
const graph = buildGraph(view);
const paths = findPaths(graph).map((found) => toAttackPath(graph, found, () => []));
const finding = (checkId: string, kind: string, name: string): CheckResult => ({
  checkId,
  title: checkId,
  severity: 'high',
  area: 'workload',
  status: 'fail',
  resource: { kind, namespace: 'shop', name },
  message: '',
  remediation: '',
  refs: {},
  fingerprint: checkId,
});
const results = [finding('wl-run-as-root', 'Deployment', 'web'), { ...finding('wl-privileged', 'Deployment', 'web'), waived: { reason: 'x', source: 'config' } }, finding('wl-run-as-root', 'Deployment', 'batch')];
const index = PostureIndex.build(view, results, paths);

const alert = (subject: string, object: Alert['object'], source: Alert['source'] = 'k8s-audit'): Alert => ({
  ruleId: 'k8s-exec-into-pod',
  title: 'Exec',
  severity: 'medium',
  mitre: { tactic: 'execution', technique: 'T1609' },
  source,
  output: 'x',
  time: '2025-05-12T10:16:47Z',
  subject: { name: subject },
  object,
  eventId: 'e1',
});

describe('PostureIndex', () => {
  it('has the attack path the tests rely on', () => {
    expect(paths.map((path) => path.query)).toContain('internet-to-aws-admin');
  });

  it('ties a pod named by its controller to the workload, its exposure, role and paths, and raises the severity', () => {
    const enriched = index.enrich(alert('arn:aws:sts::111122223333:assumed-role/Admin/alice', { resource: 'pods', subresource: 'exec', namespace: 'shop', name: 'web-7d9c5b6f4-x2kqp' }));
    expect(enriched.severity).toBe('high');
    expect(enriched.posture).toMatchObject({
      matched: ['Deployment shop/web'],
      workloads: ['Deployment shop/web'],
      exposed: true,
      iamRoles: [WEB_ROLE],
      awsPermissions: ['admin', 's3-read', 'secretsmanager-read', 'ssm-read', 'kms-decrypt', 'dynamodb-read'],
      clusterAdmin: false,
      findings: [{ checkId: 'wl-run-as-root', severity: 'high', resource: 'Deployment shop/web' }],
      findingsTotal: 1,
      severityRaisedFrom: 'medium',
    });
    expect(enriched.posture?.attackPaths.map((path) => path.severity)).toContain('critical');
  });

  it('describes a service account subject through the workloads running as it', () => {
    const enriched = index.enrich(alert('system:serviceaccount:shop:web', { resource: 'secrets', namespace: 'shop', name: 'db' }));
    expect(enriched.posture).toMatchObject({ matched: ['ServiceAccount shop/web'], workloads: ['Deployment shop/web'], exposed: true, iamRoles: [WEB_ROLE] });
    expect(enriched.severity).toBe('high');
  });

  it('gives context without raising when the subject is on no attack path', () => {
    const enriched = index.enrich(alert('system:serviceaccount:shop:batch', { resource: 'pods', namespace: 'shop', name: 'batch-5f7b9c8d6-abcde' }));
    expect(enriched.severity).toBe('medium');
    expect(enriched.posture).toMatchObject({ workloads: ['Deployment shop/batch'], exposed: false, iamRoles: [], attackPaths: [], findingsTotal: 1 });
    expect(enriched.posture?.severityRaisedFrom).toBeUndefined();
  });

  it('maps an assumed-role session in CloudTrail to its IAM role', () => {
    const enriched = index.enrich(alert('arn:aws:sts::111122223333:assumed-role/shop-web/botocore-session-1715511000', { resource: 'eks.amazonaws.com' }, 'cloudtrail'));
    expect(enriched.posture).toMatchObject({ matched: [`IAMRole ${WEB_ROLE}`] });
    expect(enriched.posture?.awsPermissions).toContain('admin');
    expect(enriched.severity).toBe('high');
    // the same role name in another account is someone else
    expect(index.enrich(alert('arn:aws:sts::444455556666:assumed-role/shop-web/s', {}, 'cloudtrail')).posture).toBeUndefined();
  });

  it('leaves alerts about unknown identities and objects unchanged', () => {
    const original = alert('mallory', { resource: 'pods', namespace: 'shop', name: 'webserver-1' });
    expect(index.enrich(original)).toBe(original);
  });

  it('does not take a pod of a longer-named workload for a shorter one', () => {
    expect(index.enrich(alert('mallory', { resource: 'pods', namespace: 'shop', name: 'web-extra-7d9c5b6f4-x2kqp' })).posture).toBeUndefined();
    // a DaemonSet-style suffix must use the name-hash alphabet: "api-x" is no hash
    expect(index.enrich(alert('mallory', { resource: 'pods', namespace: 'shop', name: 'web-api-x7k2p' })).posture).toBeUndefined();
    expect(index.enrich(alert('mallory', { resource: 'pods', namespace: 'shop', name: 'web-x7k2p' })).posture?.matched).toEqual(['Deployment shop/web']);
  });

  it('keeps apart alerts on an object and on its subresource', () => {
    const fresh = PostureIndex.build(view, results, paths);
    expect(fresh.enrich(alert('mallory', { resource: 'deployments', subresource: 'scale', namespace: 'shop', name: 'web' })).posture).toBeUndefined();
    expect(fresh.enrich(alert('mallory', { resource: 'deployments', namespace: 'shop', name: 'web' })).posture?.matched).toEqual(['Deployment shop/web']);
  });

  it('matches a session only to the role of its own partition and account', () => {
    expect(index.enrich(alert('arn:aws-us-gov:sts::111122223333:assumed-role/shop-web/s', {}, 'cloudtrail')).posture).toBeUndefined();
    expect(index.enrich(alert('arn:aws:sts::111122223333:assumed-role/shop-web/s', {}, 'cloudtrail')).posture?.matched).toEqual([`IAMRole ${WEB_ROLE}`]);
  });
});
