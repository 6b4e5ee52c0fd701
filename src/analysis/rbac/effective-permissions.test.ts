import { describe, expect, it } from 'vitest';
import { EffectivePermissions } from './effective-permissions.js';
import { inventoryOf } from '../../checks/rbac/test-support/inventory.js';
import type { SubjectRef } from './subjects.js';

const alice: SubjectRef = { kind: 'User', name: 'alice' };
const sa = (namespace: string, name: string): SubjectRef => ({ kind: 'ServiceAccount', namespace, name });

const RBAC = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: monitoring }
aggregationRule:
  clusterRoleSelectors:
    - matchLabels: { example.com/aggregate-to-monitoring: "true" }
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring-pods
  labels: { example.com/aggregate-to-monitoring: "true" }
rules:
  - apiGroups: [""]
    resources: [pods, pods/log]
    verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring-nested
  labels: { example.com/aggregate-to-monitoring: "true" }
aggregationRule:
  clusterRoleSelectors:
    - matchLabels: { example.com/aggregate-to-nested: "true" }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: nested-leaf
  labels: { example.com/aggregate-to-nested: "true" }
rules:
  - nonResourceURLs: ["/metrics", "/debug/*"]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: monitoring }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring }
subjects:
  - { kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io }
  - { kind: User, name: alice, apiGroup: rbac.authorization.k8s.io }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: scaler, namespace: shop }
rules:
  - apiGroups: ["apps"]
    resources: ["*/scale"]
    verbs: [update]
  - apiGroups: [""]
    resources: [configmaps]
    resourceNames: [app-config]
    verbs: [get, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: scaler, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: scaler }
subjects:
  - { kind: ServiceAccount, name: autoscaler }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: devs-edit, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects:
  - { kind: User, name: alice }
  - { kind: User, name: "system:serviceaccount:ci:deployer" }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: extra-edit
  labels: { rbac.authorization.k8s.io/aggregate-to-edit: "true" }
rules:
  - apiGroups: ["example.com"]
    resources: [widgets]
    verbs: [create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: all-sa-read-nodes }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-reader }
subjects:
  - { kind: Group, name: "system:serviceaccounts:shop" }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: node-reader }
rules:
  - apiGroups: [""]
    resources: [nodes]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ghost, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: does-not-exist }
subjects:
  - { kind: User, name: bob }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: hpa, namespace: shop }
spec:
  template:
    spec:
      serviceAccountName: autoscaler
      containers: [{ name: hpa, image: hpa:1 }]
---
apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: migrate, image: migrate:1 }]
`;

describe('EffectivePermissions', () => {
  const perms = EffectivePermissions.of(inventoryOf(RBAC));

  it('resolves aggregated ClusterRoles recursively, with the holder of each rule as evidence', () => {
    const role = perms.clusterRole('monitoring');
    expect(role?.aggregated).toBe(true);
    expect(role?.rules.map((rule) => `${rule.holder.name}[${rule.index}]`).sort()).toEqual([
      'monitoring-pods[0]',
      'nested-leaf[0]',
    ]);
    expect(perms.can(alice, 'list', 'pods', { namespace: 'any-ns' })).toBe(true);
    expect(perms.can(alice, 'get', 'pods', { subresource: 'log' })).toBe(true);
    expect(perms.can(alice, 'get', '/metrics')).toBe(true);
    expect(perms.can(alice, 'get', '/debug/pprof/heap')).toBe(true);
    expect(perms.can(alice, 'get', '/healthz/x')).toBe(false);
    expect(perms.can(alice, 'delete', 'pods', { namespace: 'other' })).toBe(false);
  });

  it('resolves a clique of roles that all aggregate each other once each (no path explosion)', () => {
    const size = 16;
    const roles = Array.from(
      { length: size },
      (_, index) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: agg-${index}, labels: { agg: "yes" } }
aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: "yes" } }] }
rules: [{ apiGroups: [""], resources: [r${index}], verbs: [get] }]
`,
    ).join('---\n');
    const clique = EffectivePermissions.of(inventoryOf(roles));
    for (let index = 0; index < size; index++) {
      expect(clique.clusterRole(`agg-${index}`)?.rules).toHaveLength(size);
    }
  });

  it('survives a cycle of aggregated roles', () => {
    const cyclic = EffectivePermissions.of(
      inventoryOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: a, labels: { agg: b } }
aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: a } }] }
rules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: b, labels: { agg: a } }
aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: b } }] }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [get] }]
`),
    );
    expect(cyclic.clusterRole('a')?.rules).toHaveLength(2);
    expect(cyclic.clusterRole('b')?.rules).toHaveLength(2);
  });

  it('scopes a RoleBinding to a ClusterRole to its namespace, and uses built-in edit with aggregated extras', () => {
    expect(perms.can(alice, 'create', 'deployments', { apiGroup: 'apps', namespace: 'shop' })).toBe(true);
    expect(perms.can(alice, 'create', 'deployments', { apiGroup: 'apps', namespace: 'other' })).toBe(false);
    expect(perms.can(alice, 'create', 'deployments', { apiGroup: 'apps' })).toBe(false);
    expect(perms.can(alice, 'create', 'widgets', { apiGroup: 'example.com', namespace: 'shop' })).toBe(true);
    const grant = perms.whyCan(alice, 'get', 'secrets', { namespace: 'shop' })[0];
    expect(grant?.binding.role.builtIn).toBe(true);
    expect(grant?.binding.name).toBe('devs-edit');
    expect(grant?.binding.subjectIndex).toBe(0);
    expect(grant?.rule.holder.name).toBe('system:aggregate-to-edit');
  });

  it('never grants cluster-scoped resources through a RoleBinding', () => {
    const wide = EffectivePermissions.of(
      inventoryOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ns-admin, namespace: team }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: carol }]
`),
    );
    const carol: SubjectRef = { kind: 'User', name: 'carol' };
    expect(wide.can(carol, 'delete', 'pods', { namespace: 'team' })).toBe(true);
    expect(wide.can(carol, 'get', 'nodes', { subresource: 'proxy' })).toBe(false);
    expect(wide.can(carol, 'get', 'nodes', { namespace: 'team' })).toBe(false);
    expect(wide.can(carol, 'get', '/metrics')).toBe(false);
    expect(wide.grants(wide.bindingsOf(carol), { verbs: ['create'], apiGroup: '', resources: ['persistentvolumes'] })).toHaveLength(0);
  });

  it('defaults ServiceAccount namespaces and reads system:serviceaccount: users as SAs', () => {
    expect(perms.can(sa('shop', 'autoscaler'), 'update', 'deployments', { apiGroup: 'apps', subresource: 'scale', namespace: 'shop' })).toBe(true);
    expect(perms.can(sa('shop', 'autoscaler'), 'update', 'deployments', { apiGroup: 'apps', namespace: 'shop' })).toBe(false);
    expect(perms.can(sa('ci', 'deployer'), 'create', 'pods', { namespace: 'shop' })).toBe(true);
    expect(perms.has({ kind: 'User', name: 'system:serviceaccount:ci:deployer' })).toBe(false);
  });

  it('honours resourceNames', () => {
    const autoscaler = sa('shop', 'autoscaler');
    expect(perms.can(autoscaler, 'get', 'configmaps', { namespace: 'shop', resourceName: 'app-config' })).toBe(true);
    expect(perms.can(autoscaler, 'get', 'configmaps', { namespace: 'shop', resourceName: 'other' })).toBe(false);
    expect(perms.can(autoscaler, 'get', 'configmaps', { namespace: 'shop' })).toBe(false);
  });

  it('applies implied groups to service accounts only when asked', () => {
    const autoscaler = sa('shop', 'autoscaler');
    expect(perms.can(autoscaler, 'get', 'nodes')).toBe(true);
    expect(perms.can(autoscaler, 'get', 'nodes', { inherited: false })).toBe(false);
    expect(perms.can(sa('other', 'x'), 'get', 'nodes')).toBe(false);
    expect(perms.bindingsOf(autoscaler, { inherited: true }).map((binding) => binding.name).sort()).toEqual([
      'all-sa-read-nodes',
      'scaler',
    ]);
  });

  it('lists the workloads running as each service account, default included', () => {
    expect(perms.workloadsOf(sa('shop', 'autoscaler')).map((workload) => workload.resource.name)).toEqual(['hpa']);
    expect(perms.workloadsOf(sa('shop', 'default')).map((workload) => workload.resource.name)).toEqual(['migrate']);
    expect(perms.subjects().map((subject) => `${subject.kind}:${subject.name}`)).toContain('ServiceAccount:default');
  });

  it('keeps bindings to unknown roles as unresolved', () => {
    const bob: SubjectRef = { kind: 'User', name: 'bob' };
    expect(perms.bindingsOf(bob)).toHaveLength(0);
    expect(perms.unresolvedOf(bob).map((entry) => entry.reason)).toEqual([
      'ClusterRole "does-not-exist" is not in the inventory and is not a Kubernetes default',
    ]);
  });

  it('finds grants across subjects', () => {
    const found = perms.findGrants((grant) => grant.rule.rule.allowsURL('/metrics'));
    expect(found.map((grant) => grant.binding.subject.name).sort()).toEqual(['alice', 'ops']);
  });

  it('is built once per inventory', () => {
    const inventory = inventoryOf(RBAC);
    expect(EffectivePermissions.of(inventory)).toBe(EffectivePermissions.of(inventory));
  });
});
