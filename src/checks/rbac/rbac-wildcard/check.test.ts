import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'explicit rules; a wildcard role bound to nobody; cluster-admin left to its own check',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: deployer }
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [get, list, update, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: deployer }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer }
subjects: [{ kind: ServiceAccount, name: deployer, namespace: ci }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: unused-wildcard }
rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: admins }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: Group, name: admins }]
`,
    },
  ],
  fail: [
    {
      name: 'a user bound to the default system:kube-controller-manager ClusterRole (no role declared)',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: alice }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:kube-controller-manager }
subjects: [{ kind: User, name: alice }]
`,
      expect: [{ resource: 'User/alice', path: 'subjects[0]', severity: 'high', message: /"\*" in resources, apiGroups cluster-wide/ }],
    },
    {
      name: 'wildcard verbs on a CRD group cluster-wide, resources wildcard in a namespace, apiGroups only',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: argo-workflows }
rules:
  - apiGroups: [argoproj.io]
    resources: [workflows, workflowtemplates]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: argo-server }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: argo-workflows }
subjects: [{ kind: ServiceAccount, name: argo-server, namespace: argo }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: all-core, namespace: shop }
rules:
  - apiGroups: [""]
    resources: ["*"]
    verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: all-core, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: all-core }
subjects: [{ kind: User, name: alice }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: hpa-reader }
rules:
  - apiGroups: ["*"]
    resources: [horizontalpodautoscalers]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: hpa-reader }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: hpa-reader }
subjects: [{ kind: Group, name: sre, apiGroup: rbac.authorization.k8s.io }]
`,
      expect: [
        {
          resource: 'ServiceAccount/argo/argo-server',
          path: 'subjects[0]',
          severity: 'high',
          message: 'ServiceAccount argo/argo-server is granted "*" in verbs cluster-wide: ClusterRole "argo-workflows" rules[0] via ClusterRoleBinding argo-server',
        },
        { resource: 'User/alice', path: 'subjects[0]', severity: 'medium', message: '"*" in resources in namespace shop' },
        { resource: 'Group/sre', path: 'subjects[0]', severity: 'low', message: '"*" in apiGroups cluster-wide' },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'RoleBinding to a Role that is not in the manifests',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: app, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: app-role }
subjects: [{ kind: ServiceAccount, name: app }]
`,
      expect: [{ resource: 'ServiceAccount/shop/app', message: 'Role shop/app-role is not in the inventory' }],
    },
  ],
});
