import { describe, expect, it } from 'vitest';
import { EffectivePermissions } from './effective-permissions.js';
import { describeGrants, lowerSeverity, namesOf, reachText, severityByReach, verbsOf } from './grant-text.js';
import { inventoryOf } from '../../checks/rbac/test-support/inventory.js';

const PERMS = EffectivePermissions.of(
  inventoryOf(
    [0, 1, 2, 3, 4]
      .map(
        (i) => `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: r${i}, namespace: ns${i} }
rules:
  - apiGroups: [""]
    resources: [secrets]
    resourceNames: [s${i}]
    verbs: [get, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: b${i}, namespace: ns${i} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: r${i} }
subjects: [{ kind: User, name: u }]`,
      )
      .join('\n---\n'),
  ),
);
const grants = PERMS.grants(PERMS.bindingsOf({ kind: 'User', name: 'u' }), {
  verbs: ['get'],
  apiGroup: '',
  resources: ['secrets'],
  resourceName: 's0',
});

describe('grant text', () => {
  it('names role, rule and binding, and counts the rest', () => {
    const all = PERMS.bindingsOf({ kind: 'User', name: 'u' }).map((binding) => ({ binding, rule: binding.role.rules[0]! }));
    expect(describeGrants(all)).toBe(
      'Role "r0" rules[0] via RoleBinding ns0/b0; Role "r1" rules[0] via RoleBinding ns1/b1; Role "r2" rules[0] via RoleBinding ns2/b2; and 2 more',
    );
    expect(grants).toHaveLength(1);
  });

  it('lists verbs and names granted', () => {
    expect(verbsOf(grants, ['get', 'list', 'watch'])).toBe('get, watch');
    expect(namesOf(grants)).toEqual(['s0']);
  });

  it('words reach and grades severity by it', () => {
    expect(reachText({ cluster: true, namespaces: ['a'] })).toBe('cluster-wide');
    expect(reachText({ cluster: false, namespaces: ['a'] })).toBe('in namespace a');
    expect(reachText({ cluster: false, namespaces: ['a', 'b'] })).toBe('in namespaces a, b');
    expect(severityByReach({ cluster: false, namespaces: ['kube-system'] }, 'high')).toBe('high');
    expect(severityByReach({ cluster: false, namespaces: ['a'] }, 'high')).toBe('medium');
    expect(lowerSeverity('info')).toBe('info');
  });
});
