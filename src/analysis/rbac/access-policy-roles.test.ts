import { describe, expect, it } from 'vitest';
import { inventoryOf } from '../../checks/rbac/test-support/inventory.js';
import { accessPolicyRole } from './access-policy-roles.js';
import { EffectivePermissions, type SubjectBinding } from './effective-permissions.js';

const PERMS = EffectivePermissions.of(inventoryOf(''));

/** Whether the policy, bound cluster-wide, allows the request. */
function allows(policy: string, verb: string, resource: string, apiGroup = ''): boolean {
  const model = accessPolicyRole(PERMS, policy);
  if (!model) throw new Error(`${policy} is not modelled`);
  const binding: SubjectBinding = { subject: { kind: 'User', name: 'p' }, object: {}, kind: 'ClusterRoleBinding', name: policy, subjectIndex: 0, role: model.role, scope: undefined };
  return PERMS.requestGrants([binding], verb, resource, { apiGroup, namespace: 'shop' }).length > 0;
}

describe('accessPolicyRole', () => {
  it('reads the user-facing policies as the ClusterRoles they follow, cluster-admin exactly', () => {
    expect(accessPolicyRole(PERMS, 'AmazonEKSClusterAdminPolicy')).toMatchObject({ approximate: false, role: { name: 'cluster-admin' } });
    expect(accessPolicyRole(PERMS, 'AmazonEKSClusterAdminPolicy')?.readAs).toBeUndefined();
    expect(accessPolicyRole(PERMS, 'AmazonEKSEditPolicy')).toMatchObject({ approximate: true, readAs: 'ClusterRole "edit"' });
    expect(allows('AmazonEKSEditPolicy', 'get', 'secrets')).toBe(true);
    expect(allows('AmazonEKSViewPolicy', 'get', 'secrets')).toBe(false);
  });

  it('reads AmazonEKSAdminViewPolicy as get, list and watch on everything, Secrets included', () => {
    expect(accessPolicyRole(PERMS, 'AmazonEKSAdminViewPolicy')).toMatchObject({ approximate: false });
    expect(allows('AmazonEKSAdminViewPolicy', 'get', 'secrets')).toBe(true);
    expect(allows('AmazonEKSAdminViewPolicy', 'watch', 'widgets', 'example.com')).toBe(true);
    expect(allows('AmazonEKSAdminViewPolicy', 'create', 'pods')).toBe(false);
    expect(allows('AmazonEKSAdminViewPolicy', 'create', 'pods/exec')).toBe(false);
  });

  it('models no other policy, nor names that only look like one', () => {
    for (const policy of ['AmazonEKSAutoNodePolicy', 'AmazonEMRJobPolicy', 'constructor', '__proto__', '']) {
      expect(accessPolicyRole(PERMS, policy), policy).toBeUndefined();
    }
  });
});
