import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'bind limited to view; bind without any binding write; namespace admin role',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: grant-view }
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterroles]
    verbs: [bind]
    resourceNames: [view]
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [rolebindings]
    verbs: [create, delete]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: team-leads }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: grant-view }
subjects: [{ kind: Group, name: team-leads }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: bind-only }
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterroles]
    verbs: [bind]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: bind-only }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: bind-only }
subjects: [{ kind: User, name: auditor }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: shop-admin, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin }
subjects: [{ kind: User, name: shop-owner }]
`,
    },
  ],
  fail: [
    {
      name: 'a user bound to the default cluster-admin ClusterRole (no role declared)',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: alice }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: alice }]
`,
      expect: [{ resource: 'User/alice', path: 'subjects[0]', severity: 'critical', message: /can bind any role.*ClusterRole "cluster-admin"/ }],
    },
    {
      name: 'bind any ClusterRole plus create ClusterRoleBindings (RBAC manager SA)',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: rbac-manager }
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterroles, roles]
    verbs: [bind, get, list]
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterrolebindings, rolebindings]
    verbs: [create, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: rbac-manager }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: rbac-manager }
subjects: [{ kind: ServiceAccount, name: rbac-manager, namespace: platform }]
`,
      expect: [
        {
          resource: 'ServiceAccount/platform/rbac-manager',
          path: 'subjects[0]',
          severity: 'critical',
          message:
            'ServiceAccount platform/rbac-manager can bind any role without holding their permissions cluster-wide: ClusterRole "rbac-manager" rules[0] via ClusterRoleBinding rbac-manager',
        },
      ],
    },
    {
      name: 'escalate on roles in one namespace; bind limited to cluster-admin',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: role-editor, namespace: team }
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [roles]
    verbs: [escalate, update, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: role-editor, namespace: team }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: role-editor }
subjects: [{ kind: User, name: lead }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: grant-admin }
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterroles]
    verbs: [bind]
    resourceNames: [cluster-admin]
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterrolebindings]
    verbs: [create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: grant-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: grant-admin }
subjects: [{ kind: Group, name: helpdesk }]
`,
      expect: [
        {
          resource: 'User/lead',
          severity: 'high',
          message: 'can add permissions it does not hold to any role in namespace team',
        },
        { resource: 'Group/helpdesk', severity: 'critical', message: 'can bind the roles "cluster-admin" without holding their permissions cluster-wide' },
      ],
    },
    {
      name: 'bind everywhere but write RoleBindings in one namespace: a takeover of that namespace',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: binder }
rules: [{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: binder }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: binder }
subjects: [{ kind: ServiceAccount, name: team-operator, namespace: team }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: team-admin, namespace: team }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin }
subjects: [{ kind: ServiceAccount, name: team-operator, namespace: team }]
`,
      expect: [
        {
          resource: 'ServiceAccount/team/team-operator',
          path: 'subjects[0]',
          severity: 'high',
          message:
            'can bind any role without holding their permissions in namespace team: ClusterRole "binder" rules[0] via ClusterRoleBinding binder; ClusterRole "admin" (Kubernetes default, rules approximated) via RoleBinding team/team-admin',
        },
      ],
    },
  ],
});
