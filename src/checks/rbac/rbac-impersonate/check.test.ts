import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'no impersonation; impersonate on an unrelated resource',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: reader }
rules:
  - apiGroups: [""]
    resources: [pods, services]
    verbs: [get, list]
  - apiGroups: [authentication.k8s.io]
    resources: [userextras/scopes]
    verbs: [impersonate]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: reader }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader }
subjects: [{ kind: User, name: dashboard }]
`,
    },
  ],
  fail: [
    {
      name: 'any user and group; named unprivileged user; named privileged group; service accounts of one namespace',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: impersonator }
rules:
  - apiGroups: [""]
    resources: [users, groups]
    verbs: [impersonate]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: proxy }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonator }
subjects: [{ kind: ServiceAccount, name: kube-oidc-proxy, namespace: auth }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: act-as-readonly }
rules:
  - apiGroups: [""]
    resources: [users]
    verbs: [impersonate]
    resourceNames: [readonly-bot]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: act-as-readonly }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: act-as-readonly }
subjects: [{ kind: User, name: support }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: act-as-ops }
rules:
  - apiGroups: [""]
    resources: [groups]
    verbs: [impersonate]
    resourceNames: [ops-admins]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: act-as-ops }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: act-as-ops }
subjects: [{ kind: User, name: oncall }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ops-admins }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: Group, name: ops-admins }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ci-edit, namespace: staging }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: User, name: ci }]
`,
      expect: [
        {
          resource: 'ServiceAccount/auth/kube-oidc-proxy',
          path: 'subjects[0]',
          severity: 'critical',
          message:
            'ServiceAccount auth/kube-oidc-proxy can impersonate any user or group (system:masters included): ClusterRole "impersonator" rules[0] via ClusterRoleBinding proxy',
        },
        { resource: 'User/support', severity: 'high', message: 'can impersonate the users/groups "readonly-bot":' },
        { resource: 'User/oncall', severity: 'critical', message: '"ops-admins" (privileged: ops-admins)' },
        { resource: 'User/ci', severity: 'high', message: 'can impersonate any service account in namespace staging' },
        { resource: 'Group/ops-admins', severity: 'critical', message: 'any user or group (system:masters included) and any service account cluster-wide' },
      ],
    },
  ],
});
