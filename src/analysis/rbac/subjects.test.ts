import { describe, expect, it } from 'vitest';
import { groupMembersHint, impliedGroups, normaliseSubject, subjectKey, subjectLabel, subjectUserName } from './subjects.js';

describe('normaliseSubject', () => {
  it('defaults a ServiceAccount namespace to the RoleBinding namespace, and rejects it in a ClusterRoleBinding', () => {
    expect(normaliseSubject({ kind: 'ServiceAccount', name: 'app' }, 'shop')).toEqual({ kind: 'ServiceAccount', name: 'app', namespace: 'shop' });
    expect(normaliseSubject({ kind: 'ServiceAccount', name: 'app', namespace: 'ops' }, 'shop')).toMatchObject({ namespace: 'ops' });
    expect(normaliseSubject({ kind: 'ServiceAccount', name: 'app' }, undefined)).toBeUndefined();
  });

  it('reads system:serviceaccount:<ns>:<name> users as service accounts', () => {
    expect(normaliseSubject({ kind: 'User', name: 'system:serviceaccount:ci:runner' }, undefined)).toEqual({
      kind: 'ServiceAccount',
      name: 'runner',
      namespace: 'ci',
    });
    expect(normaliseSubject({ kind: 'User', name: 'system:serviceaccount:ci' }, undefined)).toEqual({ kind: 'User', name: 'system:serviceaccount:ci' });
  });

  it('drops subjects the API server rejects', () => {
    expect(normaliseSubject({ kind: 'Robot', name: 'x' }, undefined)).toBeUndefined();
    expect(normaliseSubject({ kind: 'User' }, undefined)).toBeUndefined();
  });
});

describe('subject names and groups', () => {
  const sa = { kind: 'ServiceAccount' as const, name: 'web', namespace: 'shop' };

  it('keys, labels and user names', () => {
    expect(subjectKey(sa)).toBe('ServiceAccount:shop/web');
    expect(subjectKey({ kind: 'Group', name: 'devs' })).toBe('Group:devs');
    expect(subjectLabel(sa)).toBe('ServiceAccount shop/web');
    expect(subjectLabel({ kind: 'User', name: 'alice' })).toBe('User "alice"');
    expect(subjectUserName(sa)).toBe('system:serviceaccount:shop:web');
  });

  it('knows the groups requests carry implicitly', () => {
    expect(impliedGroups(sa)).toEqual(['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated']);
    expect(impliedGroups({ kind: 'User', name: 'alice' })).toEqual(['system:authenticated']);
    expect(impliedGroups({ kind: 'User', name: 'system:anonymous' })).toEqual(['system:unauthenticated']);
    expect(impliedGroups({ kind: 'Group', name: 'devs' })).toEqual([]);
  });

  it('describes who built-in groups cover', () => {
    expect(groupMembersHint('system:serviceaccounts:shop')).toBe('every service account of namespace shop');
    expect(groupMembersHint('devs')).toBeUndefined();
  });
});
