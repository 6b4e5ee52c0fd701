import { describe, expect, it } from 'vitest';
import { BUILT_IN_CLUSTER_ROLES } from './builtin-roles.js';
import { EffectivePermissions } from './effective-permissions.js';
import { inventoryOf } from '../../checks/rbac/test-support/inventory.js';

const bound = (role: string): string => `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: b, namespace: team }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role} }
subjects: [{ kind: User, name: u }]
`;
const user = { kind: 'User' as const, name: 'u' };

describe('built-in ClusterRoles', () => {
  it('have unique names', () => {
    const names = BUILT_IN_CLUSTER_ROLES.map((role) => role.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('aggregate view into edit and edit into admin, as the API server does', () => {
    const perms = EffectivePermissions.of(inventoryOf(bound('admin')));
    expect(perms.can(user, 'list', 'pods', { namespace: 'team' })).toBe(true);
    expect(perms.can(user, 'create', 'deployments', { apiGroup: 'apps', namespace: 'team' })).toBe(true);
    expect(perms.can(user, 'create', 'rolebindings', { apiGroup: 'rbac.authorization.k8s.io', namespace: 'team' })).toBe(true);
  });

  it('keep view away from Secrets and edit away from RBAC', () => {
    const view = EffectivePermissions.of(inventoryOf(bound('view')));
    expect(view.can(user, 'get', 'secrets', { namespace: 'team' })).toBe(false);
    expect(view.can(user, 'get', 'configmaps', { namespace: 'team' })).toBe(true);
    const edit = EffectivePermissions.of(inventoryOf(bound('edit')));
    expect(edit.can(user, 'get', 'secrets', { namespace: 'team' })).toBe(true);
    expect(edit.can(user, 'create', 'roles', { apiGroup: 'rbac.authorization.k8s.io', namespace: 'team' })).toBe(false);
  });

  it('give way to a ClusterRole of the same name in the inventory', () => {
    const perms = EffectivePermissions.of(
      inventoryOf(`${bound('edit')}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: edit }
rules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]
`),
    );
    expect(perms.clusterRole('edit')?.builtIn).toBe(false);
    expect(perms.can(user, 'get', 'secrets', { namespace: 'team' })).toBe(false);
  });

  it('make cluster-admin every verb on everything, non-resource URLs included', () => {
    const perms = EffectivePermissions.of(
      inventoryOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: b }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: u }]
`),
    );
    expect(perms.can(user, 'escalate', 'clusterroles', { apiGroup: 'rbac.authorization.k8s.io' })).toBe(true);
    expect(perms.can(user, 'get', '/metrics')).toBe(true);
  });
});
