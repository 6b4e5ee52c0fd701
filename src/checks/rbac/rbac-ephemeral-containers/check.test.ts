import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'patching pods is not patching ephemeral containers',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: labeler }
rules: [{ apiGroups: [""], resources: [pods], verbs: [get, patch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: labeler }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: labeler }
subjects: [{ kind: ServiceAccount, name: labeler, namespace: tools }]
`,
    },
  ],
  fail: [
    {
      name: 'a user bound in one namespace to the default cluster-admin ClusterRole (no role declared)',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: alice, namespace: team }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: alice }]
`,
      expect: [{ resource: 'User/alice', path: 'subjects[0]', severity: 'medium', message: /add ephemeral containers to pods in namespace team/ }],
    },
    {
      name: 'debug role in one namespace and "*/ephemeralcontainers" cluster-wide',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: debugger, namespace: shop }
rules:
  - apiGroups: [""]
    resources: [pods/ephemeralcontainers]
    verbs: [patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: debugger, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: debugger }
subjects: [{ kind: User, name: oncall }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: all-ephemeral }
rules:
  - apiGroups: [""]
    resources: ["*/ephemeralcontainers"]
    verbs: [update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: sre-debug }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: all-ephemeral }
subjects: [{ kind: Group, name: sre }]
`,
      expect: [
        {
          resource: 'User/oncall',
          path: 'subjects[0]',
          severity: 'medium',
          message: 'User "oncall" can add ephemeral containers to pods in namespace shop (patch on pods/ephemeralcontainers): Role "debugger" rules[0] via RoleBinding shop/debugger',
        },
        { resource: 'Group/sre', severity: 'high', message: 'cluster-wide (update on pods/ephemeralcontainers)' },
      ],
    },
  ],
});
