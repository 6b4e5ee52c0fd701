import { describe, expect, it } from 'vitest';
import type { CheckResult, CollectionError, InventoryObject, ScanResult } from '../model/index.js';
import { awsEndpoints, collectionAccount, kubernetesRoleArns, missingPermission, objectsByKind } from './cluster-source.js';

const API = { type: 'api', api: 'k8s' } as const;

describe('kubernetesRoleArns', () => {
  it('takes IRSA annotations and aws-auth mapRoles, once each, sorted', () => {
    const objects: InventoryObject[] = [
      { object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'a', namespace: 'x', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/b ' } } }, origin: API },
      { object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'c', namespace: 'x', annotations: { 'eks.amazonaws.com/role-arn': 'not-an-arn' } } }, origin: API },
      {
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'aws-auth', namespace: 'kube-system' },
          data: { mapRoles: '- rolearn: arn:aws:iam::111122223333:role/node\n  groups: [system:nodes]\n- rolearn: arn:aws:iam::111122223333:role/b\n' },
        },
        origin: API,
      },
      { object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'default' }, data: { mapRoles: '- rolearn: arn:aws:iam::1:role/ignored' } }, origin: API },
    ];
    expect(kubernetesRoleArns(objects)).toEqual(['arn:aws:iam::111122223333:role/b', 'arn:aws:iam::111122223333:role/node']);
  });

  it('ignores a broken aws-auth (the aws-auth checks report it)', () => {
    const objects: InventoryObject[] = [{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'kube-system' }, data: { mapRoles: 'rolearn: [' } }, origin: API }];
    expect(kubernetesRoleArns(objects)).toEqual([]);
  });
});

describe('awsEndpoints', () => {
  it('uses AWS_ENDPOINT_URL for every service and AWS_ENDPOINT_URL_<SERVICE> over it', () => {
    const endpoints = awsEndpoints({ AWS_ENDPOINT_URL: 'http://local:4566', AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: 'https://elb.vpce', AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'https://logs.vpce' });
    expect(endpoints.eks).toBe('http://local:4566');
    expect(endpoints.elasticloadbalancing).toBe('https://elb.vpce');
    expect(endpoints.logs).toBe('https://logs.vpce');
    expect(awsEndpoints({})).toEqual({});
  });
});

describe('collectionAccount', () => {
  const errors: CollectionError[] = [
    { source: 'kubernetes', operation: 'list', resource: 'rbac.authorization.k8s.io/v1/clusterroles', code: 403, message: 'clusterroles.rbac.authorization.k8s.io is forbidden: User "x" cannot list' },
    { source: 'kubernetes', operation: 'list', resource: 'v1/configmaps', code: 403, message: 'configmaps is forbidden: User "x" cannot list resource "configmaps"' },
    { source: 'kubernetes', operation: 'get', resource: 'v1/nodes/proxy', target: 'node-a', code: 403, message: 'nodes "node-a" is forbidden' },
    { source: 'aws', service: 'eks', operation: 'DescribeAddon', target: 'coredns', code: 'AccessDeniedException', message: 'denied' },
    { source: 'aws', service: 'eks', operation: 'DescribeAddon', target: 'vpc-cni', code: 'AccessDeniedException', message: 'denied' },
  ];
  const notEvaluated = (checkId: string, message: string): CheckResult =>
    ({ checkId, status: 'not-evaluated', message, resource: { kind: 'Cluster', name: 'prod' } }) as CheckResult;
  const result = {
    results: [
      notEvaluated('rbac-wildcard', 'RBAC objects could not be collected (rbac.authorization.k8s.io/v1/clusterroles: forbidden)'),
      notEvaluated('sec-credential-in-configmap', 'listing configmaps failed (403): configmaps is forbidden: User "x" cannot list resource "configmaps"'),
      notEvaluated('eks-addon-outdated', 'eks:DescribeAddon for prod failed during collection (AccessDeniedException: denied); grant the permission and collect again'),
      notEvaluated('eks-addon-unhealthy', 'eks:DescribeAddon for prod failed during collection'),
      notEvaluated('ng-kubelet-readonly-port', 'needs --kubelet-config'),
      { ...notEvaluated('rbac-wildcard', 'x'), status: 'pass' },
    ],
  } as unknown as ScanResult;

  it('groups errors by the permission to grant, with the checks each left not evaluated', () => {
    expect(collectionAccount(errors, result)).toBe(
      [
        'Not collected (4 kinds of calls failed):',
        '  eks:DescribeAddon — AccessDeniedException (2 calls: coredns, vpc-cni)',
        '    left not evaluated: eks-addon-outdated, eks-addon-unhealthy',
        '  get nodes/proxy — 403 (for node-a)',
        '    left no check unevaluated',
        '  list clusterroles.rbac.authorization.k8s.io — 403',
        '    left not evaluated: rbac-wildcard',
        '  list configmaps — 403',
        '    left not evaluated: sec-credential-in-configmap',
        '',
      ].join('\n'),
    );
  });

  it('says nothing when nothing failed, and lists the gaps alone without a scan', () => {
    expect(collectionAccount([], result)).toBeUndefined();
    expect(collectionAccount(errors.slice(0, 1))).toBe('Not collected (1 kind of call failed):\n  list clusterroles.rbac.authorization.k8s.io — 403\n');
  });

  it('names the permission of each kind of error', () => {
    expect(errors.map(missingPermission)).toEqual(['list clusterroles.rbac.authorization.k8s.io', 'list configmaps', 'get nodes/proxy', 'eks:DescribeAddon', 'eks:DescribeAddon']);
  });
});

describe('objectsByKind', () => {
  it('counts kinds, most first, then by name', () => {
    const object = (kind: string): InventoryObject => ({ object: { apiVersion: 'v1', kind, metadata: { name: 'x' } }, origin: API });
    expect(objectsByKind([object('Pod'), object('Secret'), object('Pod'), object('ConfigMap')])).toBe('Pod 2, ConfigMap 1, Secret 1');
  });
});
