import { describe, expect, it } from 'vitest';
import { bindEscalate, intersectReach, isPrivilegedRole, reachOf, sortGrants, takeoverCapabilities } from './capabilities.js';
import { EffectivePermissions } from './effective-permissions.js';
import { inventoryOf } from '../../checks/rbac/test-support/inventory.js';

const PERMS = EffectivePermissions.of(
  inventoryOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: binder }
rules: [{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: binding-writer }
rules: [{ apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: bind-everywhere }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: binder }
subjects: [{ kind: User, name: u }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: write-in-team, namespace: team }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: binding-writer }
subjects: [{ kind: User, name: u }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: a-view, namespace: a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: User, name: v }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: all-view }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: User, name: v }]
`),
);
const u = { kind: 'User' as const, name: 'u' };
const v = { kind: 'User' as const, name: 'v' };

describe('capabilities', () => {
  it('pairs bind with the binding write it unlocks, where both reach', () => {
    const found = bindEscalate(PERMS, PERMS.bindingsOf(u));
    expect(found.bind.map((grant) => grant.binding.name)).toEqual(['bind-everywhere']);
    expect(found.writes.map((grant) => grant.binding.name)).toEqual(['write-in-team']);
    expect(found.escalate).toEqual([]);
    expect(found.reach).toEqual({ cluster: false, namespaces: ['team'] });
  });

  it('does not count namespace-only bind as a cluster takeover', () => {
    expect(takeoverCapabilities(PERMS, PERMS.bindingsOf(u)).map((hit) => hit.capability.id)).toEqual([]);
  });

  it('intersects reaches', () => {
    expect(intersectReach({ cluster: true, namespaces: [] }, { cluster: false, namespaces: ['a'] })).toEqual({ cluster: false, namespaces: ['a'] });
    expect(intersectReach({ cluster: false, namespaces: ['a', 'b'] }, { cluster: false, namespaces: ['b'] })).toEqual({ cluster: false, namespaces: ['b'] });
    expect(intersectReach({ cluster: true, namespaces: [] }, { cluster: true, namespaces: [] })).toEqual({ cluster: true, namespaces: [] });
  });

  it('reports reach and orders cluster-wide grants first', () => {
    const grants = PERMS.grants(PERMS.bindingsOf(v), { verbs: ['list'], apiGroup: '', resources: ['pods'] });
    expect(reachOf(grants)).toEqual({ cluster: true, namespaces: ['a'] });
    expect(sortGrants(grants).map((grant) => grant.binding.name)).toEqual(['all-view', 'a-view']);
  });

  it('judges roles by what binding them would hand out', () => {
    const admin = PERMS.clusterRole('cluster-admin');
    const view = PERMS.clusterRole('view');
    expect(admin && isPrivilegedRole(PERMS, admin)).toBe(true);
    expect(view && isPrivilegedRole(PERMS, view)).toBe(false);
  });
});
