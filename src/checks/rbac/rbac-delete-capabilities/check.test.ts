import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'edit in own namespace; cluster-wide delete of two kinds only; coredns read',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: team-edit, namespace: team }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: Group, name: team }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: janitor }
rules:
  - apiGroups: [""]
    resources: [configmaps, services]
    verbs: [delete]
  - apiGroups: [""]
    resources: [configmaps]
    resourceNames: [coredns]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: janitor }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: janitor }
subjects: [{ kind: ServiceAccount, name: janitor, namespace: ops }]
`,
    },
  ],
  fail: [
    {
      name: 'a user bound cluster-wide to the default edit ClusterRole (no role declared)',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: alice }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: User, name: alice }]
`,
      expect: [{ resource: 'User/alice', path: 'subjects[0]', severity: 'high', message: /can delete secrets, configmaps.*ClusterRole "edit"/ }],
    },
    {
      name: 'namespace deletion, events deletion in kube-system, CoreDNS rewrite',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: namespace-reaper }
rules:
  - apiGroups: [""]
    resources: [namespaces]
    verbs: [list, delete]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: namespace-reaper }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: namespace-reaper }
subjects: [{ kind: ServiceAccount, name: reaper, namespace: ops }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: dns-admin, namespace: kube-system }
rules:
  - apiGroups: [""]
    resources: [configmaps]
    resourceNames: [coredns]
    verbs: [get, update]
  - apiGroups: [events.k8s.io]
    resources: [events]
    verbs: [deletecollection]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: dns-admin, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: dns-admin }
subjects: [{ kind: User, name: net-ops }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: cleanup }
rules:
  - apiGroups: [""]
    resources: [secrets, configmaps, persistentvolumeclaims]
    verbs: [deletecollection]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: cleanup }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cleanup }
subjects: [{ kind: User, name: cleanup-bot }]
`,
      expect: [
        {
          resource: 'ServiceAccount/ops/reaper',
          path: 'subjects[0]',
          severity: 'medium',
          message: 'ServiceAccount ops/reaper can delete namespaces cluster-wide: ClusterRole "namespace-reaper" rules[0] via ClusterRoleBinding namespace-reaper',
        },
        {
          resource: 'User/net-ops',
          severity: 'high',
          message: 'can delete Events in namespace kube-system; rewrite the kube-system/coredns ConfigMap (DNS of every pod): Role "dns-admin" rules[0]',
        },
        { resource: 'User/cleanup-bot', severity: 'medium', message: 'can delete secrets, configmaps, persistentvolumeclaims cluster-wide' },
      ],
    },
  ],
});
