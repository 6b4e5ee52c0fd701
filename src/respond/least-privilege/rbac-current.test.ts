import { describe, expect, it } from 'vitest';
import { EffectivePermissions } from '../../analysis/rbac/effective-permissions.js';
import { InventoryView } from '../../inventory/index.js';
import type { K8sObject } from '../../model/index.js';
import { compareWithCurrent } from './rbac-current.js';
import { proposeRbac } from './rbac-proposal.js';
import { rbacSummary } from './rbac-render.js';
import { fixtureRequests } from './test-support/read-fixtures.js';

const RBAC = 'rbac.authorization.k8s.io/v1';

function permissions(objects: K8sObject[]): EffectivePermissions {
  const view = new InventoryView({ source: { type: 'manifests', paths: ['test'] }, objects: objects.map((object) => ({ object, origin: { type: 'file' as const, file: 'test.yaml', line: 1 } })), errors: [] });
  return EffectivePermissions.of(view);
}

const TODAY: K8sObject[] = [
  {
    apiVersion: RBAC,
    kind: 'Role',
    metadata: { name: 'api-role', namespace: 'shop' },
    rules: [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'delete'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['db-credentials'], verbs: ['get'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create'] },
    ],
  },
  {
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: { name: 'api-role', namespace: 'shop' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'api-role' },
    subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }],
  },
  { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'node-reader' }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }] },
  {
    apiVersion: RBAC,
    kind: 'ClusterRoleBinding',
    metadata: { name: 'api-node-reader' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'node-reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }],
  },
  // The Kubernetes default that lets every authenticated client read /version.
  {
    apiVersion: RBAC,
    kind: 'ClusterRoleBinding',
    metadata: { name: 'system:public-info-viewer' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:public-info-viewer' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }],
  },
  {
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: { name: 'gone', namespace: 'shop' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deleted-role' },
    subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }],
  },
];

describe('the RBAC proposal against what the subject holds today', () => {
  it('finds unused and broader rules and the uses no grant allows', async () => {
    const { requests } = await fixtureRequests();
    const proposal = proposeRbac(requests, { kind: 'ServiceAccount', namespace: 'shop', name: 'api' }, { window: { until: new Date('2025-05-12T12:00:00Z') } });
    const comparison = compareWithCurrent(proposal, permissions(TODAY));
    expect(comparison.known).toBe(true);
    expect(comparison.superuser).toBe(false);
    expect(comparison.kept).toBe(2);
    expect(comparison.held).toEqual([
      {
        binding: 'RoleBinding shop/api-role',
        role: 'Role "shop/api-role"',
        ruleIndex: 0,
        rule: { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'delete'] },
        status: 'broader',
        used: ['list configmaps in shop', 'watch configmaps in shop'],
        unusedVerbs: ['get', 'delete'],
        unusedResources: [],
        wildcards: [],
      },
      {
        binding: 'RoleBinding shop/api-role',
        role: 'Role "shop/api-role"',
        ruleIndex: 2,
        rule: { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create'] },
        status: 'unused',
        used: [],
        unusedVerbs: [],
        unusedResources: [],
        wildcards: [],
      },
    ]);
    expect(comparison.uncovered).toEqual([
      { what: 'pods/exec', namespace: 'shop', verb: 'create', name: 'worker-7f9b8c6d5-zx2lp', count: 1, seenDenied: false },
      { what: 'pods/log', namespace: 'shop', verb: 'get', name: 'worker-7f9b8c6d5-zx2lp', count: 1, seenDenied: false },
      { what: 'secrets', namespace: 'shop', verb: 'get', name: 'stripe-token', count: 1, seenDenied: false },
      { what: 'leases.coordination.k8s.io', namespace: 'shop', verb: 'get', name: 'api-leader', count: 1, seenDenied: false },
      { what: 'leases.coordination.k8s.io', namespace: 'shop', verb: 'update', name: 'api-leader', count: 1, seenDenied: false },
      { what: 'secrets', namespace: 'shop', verb: 'list', count: 1, seenDenied: true },
    ]);
    expect(comparison.unresolved).toEqual(['RoleBinding shop/gone: Role shop/deleted-role is not in the inventory']);
    const summary = rbacSummary(proposal, comparison);
    expect(summary).toContain('Held today but unused (1 rule(s) to remove):\n  Role "shop/api-role" rules[2] via RoleBinding shop/api-role: create jobs (batch)\n');
    expect(summary).toContain('  list secrets in shop ×1 (denied in the log)\n');
  });

  it('flags wildcards of a broad grant and trusts system:masters', async () => {
    const { requests } = await fixtureRequests();
    const subject = { kind: 'ServiceAccount', namespace: 'shop', name: 'api' } as const;
    const admin: K8sObject = {
      apiVersion: RBAC,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'api-admin' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }],
    };
    const comparison = compareWithCurrent(proposeRbac(requests, subject), permissions([admin]));
    expect(comparison.uncovered).toEqual([]);
    expect(comparison.held.map((rule) => [rule.ruleIndex, rule.status, rule.wildcards])).toEqual([
      [0, 'broader', ['verbs: *', 'apiGroups: *', 'resources: *']],
      [1, 'broader', ['verbs: *', 'nonResourceURLs: *']],
    ]);
    const masters = proposeRbac(
      [{ user: 'alice', groups: ['system:masters', 'system:authenticated'], verb: 'delete', apiGroup: '', resource: 'nodes', name: 'n1', code: 200, time: '2025-05-12T10:00:00Z' }],
      { kind: 'User', name: 'alice' },
    );
    const verdict = compareWithCurrent(masters, permissions([]));
    expect(verdict.superuser).toBe(true);
    expect(verdict.uncovered).toEqual([]);
    expect(verdict.known).toBe(false);
  });
});
