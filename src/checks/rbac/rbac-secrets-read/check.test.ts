import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'view role (no Secrets) and a rule limited to one named Secret',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: viewers, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: Group, name: shop-viewers, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: read-tls, namespace: ingress }
rules:
  - apiGroups: [""]
    resources: [secrets]
    resourceNames: [wildcard-tls]
    verbs: [get, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: read-tls, namespace: ingress }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: read-tls }
subjects: [{ kind: ServiceAccount, name: ingress-controller }]
`,
    },
  ],
  fail: [
    {
      name: 'list secrets cluster-wide for an operator SA; namespace-scoped edit for a user',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: secret-syncer }
rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [list, watch]
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: secret-syncer }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-syncer }
subjects: [{ kind: ServiceAccount, name: syncer, namespace: tools }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: syncer, namespace: tools }
spec:
  template:
    spec:
      serviceAccountName: syncer
      containers: [{ name: syncer, image: syncer:2.1 }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: devs, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects:
  - { kind: User, name: bob }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: devs, namespace: cart }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects:
  - { kind: Group, name: other }
  - { kind: User, name: bob }
`,
      expect: [
        {
          resource: 'ServiceAccount/tools/syncer',
          path: 'subjects[0]',
          severity: 'high',
          message:
            'ServiceAccount tools/syncer (runs Deployment/tools/syncer) can read Secrets in every namespace (list, watch): ClusterRole "secret-syncer" rules[0] via ClusterRoleBinding secret-syncer',
        },
        {
          resource: 'User/bob',
          path: 'subjects[1]',
          severity: 'medium',
          message: /can read Secrets in namespaces cart, shop \(get, list, watch\): ClusterRole "edit" \(Kubernetes default, rules approximated\) via RoleBinding cart\/devs; ClusterRole "edit" \(Kubernetes default, rules approximated\) via RoleBinding shop\/devs$/,
        },
        { resource: 'Group/other', severity: 'medium', message: 'in namespace cart' },
      ],
    },
    {
      name: 'wildcard resources in kube-system is as bad as cluster-wide',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: ops, namespace: kube-system }
rules: [{ apiGroups: [""], resources: ["*"], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ops, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: ops }
subjects: [{ kind: User, name: ops-bot }]
`,
      expect: [{ resource: 'User/ops-bot', severity: 'high', message: 'in namespace kube-system (get)' }],
    },
  ],
  notEvaluated: [
    {
      name: 'RoleBindings could not be listed in the cluster',
      source: { type: 'cluster', cluster: 'prod' },
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'rbac.authorization.k8s.io/v1/rolebindings', code: 403, message: 'forbidden' }],
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: view-secrets }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [get] }]
`,
      expect: [{ resource: 'Cluster/prod', message: 'RBAC objects could not be collected (rbac.authorization.k8s.io/v1/rolebindings: forbidden)' }],
    },
    {
      name: 'a live cluster scan without any ClusterRole',
      source: { type: 'cluster', cluster: 'prod' },
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: x, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: User, name: x }]
`,
      expect: [{ message: 'RBAC objects (ClusterRoles) were not collected from the cluster' }],
    },
  ],
});
