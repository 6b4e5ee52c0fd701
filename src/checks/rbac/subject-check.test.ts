import { describe, expect, it } from 'vitest';
import { refKey } from '../../inventory/index.js';
import { rbacRequires, subjectTargets } from './subject-check.js';
import { inventoryOf } from './test-support/inventory.js';

const YAML = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: view }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects:
  - { kind: User, name: alice }
  - { kind: Group, name: system:masters }
  - { kind: ServiceAccount, name: replicaset-controller, namespace: kube-system }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "eks:node-bootstrapper" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: User, name: carol }]
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: idle, namespace: shop }
`;

describe('subjectTargets', () => {
  const inventory = inventoryOf(YAML);
  const keys = (targets: ReturnType<typeof subjectTargets>): string[] => targets.map((target) => refKey(target.resource));

  it('takes subjects named by bindings that are not ignored, without the control plane', () => {
    expect(keys(subjectTargets(inventory, {}))).toEqual(['User/alice']);
  });

  it('can include every known subject, the control plane, and EKS-managed bindings', () => {
    expect(keys(subjectTargets(inventory, {}, 'all'))).toEqual(['ServiceAccount/shop/idle', 'User/alice', 'User/carol']);
    expect(keys(subjectTargets(inventory, { includeControlPlaneSubjects: true, ignoreBindingPrefixes: [] }))).toEqual([
      'Group/system:masters',
      'ServiceAccount/kube-system/replicaset-controller',
      'User/alice',
      'User/carol',
    ]);
  });

  it('leaves out ignored subjects by pattern', () => {
    expect(keys(subjectTargets(inventory, { ignoreSubjects: ['User:a*'] }))).toEqual([]);
  });
});

describe('rbacRequires', () => {
  it('passes on manifests and names a failed RBAC collection', () => {
    expect(rbacRequires(inventoryOf(YAML))).toBeUndefined();
    const failed = inventoryOf(YAML, { type: 'cluster' });
    Object.assign(failed, { errors: [{ source: 'kubernetes', operation: 'list', resource: 'rbac.authorization.k8s.io/v1/roles', message: 'forbidden' }] });
    expect(rbacRequires(failed)).toBe('RBAC objects could not be collected (rbac.authorization.k8s.io/v1/roles: forbidden)');
  });
});
