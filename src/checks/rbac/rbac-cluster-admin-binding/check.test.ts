import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'read-only binding; system:masters and EKS-managed bindings are the platform, not findings',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: bob-view }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: User, name: bob, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: cluster-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: Group, name: "system:masters", apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "eks:addon-cluster-admin" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: "bob" }]
`,
    },
  ],
  fail: [
    {
      name: 'ClusterRoleBinding to cluster-admin for a group and a controller service account',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: platform-admins }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
  - { kind: Group, name: platform-team, apiGroup: rbac.authorization.k8s.io }
  - { kind: ServiceAccount, name: argocd-application-controller, namespace: argocd }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: argocd-application-controller, namespace: argocd }
spec:
  template:
    spec:
      serviceAccountName: argocd-application-controller
      containers: [{ name: controller, image: quay.io/argoproj/argocd:v2.13.0 }]
`,
      expect: [
        {
          resource: 'Group/platform-team',
          path: 'subjects[0]',
          severity: 'high',
          message: 'Group "platform-team" holds cluster-admin rights cluster-wide: ClusterRole "cluster-admin" (Kubernetes default) via ClusterRoleBinding platform-admins',
        },
        {
          resource: 'ServiceAccount/argocd/argocd-application-controller',
          path: 'subjects[1]',
          message: /\(runs StatefulSet\/argocd\/argocd-application-controller\) holds cluster-admin rights cluster-wide/,
        },
      ],
    },
    {
      name: 'RoleBinding to cluster-admin: one namespace (medium), kube-system (high)',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: team-admin, namespace: payments }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: dana }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ops-admin, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: erin }]
`,
      expect: [
        { resource: 'User/dana', path: 'subjects[0]', severity: 'medium', message: 'holds cluster-admin rights in namespace payments' },
        { resource: 'User/erin', path: 'subjects[0]', severity: 'high', message: 'in namespace kube-system' },
      ],
    },
    {
      name: 'a custom role equal to cluster-admin, reached through an aggregated role',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: super-user }
aggregationRule:
  clusterRoleSelectors: [{ matchLabels: { example.com/super: "true" } }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: everything, labels: { example.com/super: "true" } }
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ci-super }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: super-user }
subjects:
  - { kind: User, name: "system:serviceaccount:ci:runner" }
`,
      expect: [
        {
          resource: 'ServiceAccount/ci/runner',
          path: 'subjects[0]',
          message: 'ClusterRole "super-user" (rules[0] aggregated from ClusterRole "everything") via ClusterRoleBinding ci-super',
        },
      ],
    },
    {
      name: 'control-plane subjects reported when asked to',
      options: { includeControlPlaneSubjects: true },
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: cluster-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: Group, name: "system:masters", apiGroup: rbac.authorization.k8s.io }]
`,
      expect: [{ resource: 'Group/system:masters', path: 'subjects[0]' }],
    },
    {
      name: 'a strict audit that does not trust the eks: binding prefix',
      options: { ignoreBindingPrefixes: [] },
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "eks:totally-legit" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: intruder }]
`,
      expect: [{ resource: 'User/intruder', path: 'subjects[0]', message: 'via ClusterRoleBinding eks:totally-legit' }],
    },
  ],
  notEvaluated: [
    {
      name: 'binding to a ClusterRole missing from the manifests',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: vendor-operator }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: vendor-operator-role }
subjects: [{ kind: ServiceAccount, name: operator, namespace: vendor }]
`,
      expect: [{ resource: 'ServiceAccount/vendor/operator', message: 'ClusterRole "vendor-operator-role" is not in the inventory' }],
    },
  ],
});
