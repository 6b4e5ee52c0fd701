import { describe, expect, it } from 'vitest';
import { EffectivePermissions } from './effective-permissions.js';
import { grantsOutside, readOnlyWithoutSecrets, roleNames } from './role-grants.js';
import { inventoryOf } from '../../checks/rbac/test-support/inventory.js';

const perms = EffectivePermissions.of(
  inventoryOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: discovery }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:discovery }
subjects: [{ kind: Group, name: g }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: viewers }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: Group, name: g }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: editors }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: Group, name: e }]
`),
);

describe('role grants', () => {
  it('keeps bindings to roles outside the allowed list, with their rules', () => {
    const grants = grantsOutside(perms.bindingsOf({ kind: 'Group', name: 'g' }), ['system:discovery']);
    expect(roleNames(grants)).toBe('ClusterRole "view"');
    expect(readOnlyWithoutSecrets(grants)).toBe(true);
  });

  it('sees writes and Secrets as more than reading', () => {
    expect(readOnlyWithoutSecrets(grantsOutside(perms.bindingsOf({ kind: 'Group', name: 'e' }), []))).toBe(false);
    expect(readOnlyWithoutSecrets(grantsOutside(perms.bindingsOf({ kind: 'Group', name: 'g' }), []))).toBe(true);
  });
});
