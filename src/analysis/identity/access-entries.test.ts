import { describe, expect, it } from 'vitest';
import {
  ADMIN_ACCESS_POLICY,
  CLUSTER_ADMIN_ACCESS_POLICY,
  EDIT_ACCESS_POLICY,
  VIEW_ACCESS_POLICY,
  accessEntry,
  roleArn,
} from '../../checks/identity/test-support/aws-fixtures.js';
import { accessPolicyGrants, scopeCovers, type AccessEntryRecord } from './access-entries.js';

const ADMIN_VIEW = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy';

describe('access policy grants', () => {
  it('lists the policies that write pods or read Secrets, with their scope', () => {
    const record = accessEntry(roleArn('team'), {
      policies: [{ arn: VIEW_ACCESS_POLICY }, { arn: EDIT_ACCESS_POLICY, namespaces: ['shop', 'dev-*'] }, { arn: ADMIN_VIEW }, { arn: CLUSTER_ADMIN_ACCESS_POLICY }, { arn: ADMIN_ACCESS_POLICY, namespaces: ['ops'] }],
    });
    expect(accessPolicyGrants(record)).toEqual([
      { index: 1, policy: 'AmazonEKSEditPolicy', powers: { writePods: true, readSecrets: true }, scope: { type: 'namespace', namespaces: ['shop', 'dev-*'] } },
      { index: 2, policy: 'AmazonEKSAdminViewPolicy', powers: { writePods: false, readSecrets: true }, scope: { type: 'cluster' } },
      { index: 3, policy: 'AmazonEKSClusterAdminPolicy', powers: { writePods: true, readSecrets: true }, scope: { type: 'cluster' } },
      { index: 4, policy: 'AmazonEKSAdminPolicy', powers: { writePods: true, readSecrets: true }, scope: { type: 'namespace', namespaces: ['ops'] } },
    ]);
  });

  it('skips associations of the wrong shape', () => {
    const record = {
      accessEntry: { principalArn: roleArn('team') },
      associatedAccessPolicies: [
        null,
        { policyArn: 42 },
        { policyArn: EDIT_ACCESS_POLICY },
        { policyArn: EDIT_ACCESS_POLICY, accessScope: { type: 'namespace', namespaces: 'shop' } },
        { policyArn: EDIT_ACCESS_POLICY, accessScope: { type: 'namespace', namespaces: [7, ''] } },
      ],
    } as unknown as AccessEntryRecord;
    expect(accessPolicyGrants(record)).toEqual([]);
    expect(accessPolicyGrants({ accessEntry: {} } as unknown as AccessEntryRecord)).toEqual([]);
  });

  it('covers namespaces by name or wildcard, and every namespace at cluster scope', () => {
    const scope = { type: 'namespace' as const, namespaces: ['shop', 'kube-*'] };
    expect(scopeCovers(scope, 'shop')).toBe(true);
    expect(scopeCovers(scope, 'kube-system')).toBe(true);
    expect(scopeCovers(scope, 'shopping')).toBe(false);
    expect(scopeCovers({ type: 'cluster' }, 'kube-system')).toBe(true);
  });
});
