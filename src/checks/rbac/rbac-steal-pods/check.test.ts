import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const NODE_ADMIN = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: node-drainer }
rules:
  - apiGroups: [""]
    resources: [nodes]
    verbs: [get, list, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: node-drainer }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-drainer }
subjects: [{ kind: ServiceAccount, name: drainer, namespace: ops }]
`;

describeCheck(check, {
  pass: [
    {
      name: 'node patch with pod eviction only in an unprivileged namespace',
      yaml: `${NODE_ADMIN}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: evict, namespace: shop }
rules: [{ apiGroups: [""], resources: [pods/eviction], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: evict, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: evict }
subjects: [{ kind: ServiceAccount, name: drainer, namespace: ops }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`,
    },
  ],
  fail: [
    {
      name: 'cluster-wide eviction plus node patch (node drainer)',
      yaml: `${NODE_ADMIN}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: evictor }
rules: [{ apiGroups: [""], resources: [pods/eviction], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: evictor }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: evictor }
subjects: [{ kind: ServiceAccount, name: drainer, namespace: ops }]
`,
      expect: [
        {
          resource: 'ServiceAccount/ops/drainer',
          path: 'subjects[0]',
          severity: 'high',
          message:
            'ServiceAccount ops/drainer can taint or cordon nodes and delete or evict pods cluster-wide (privileged pods run in kube-system): ClusterRole "evictor" rules[0] via ClusterRoleBinding evictor; ClusterRole "node-drainer" rules[0] via ClusterRoleBinding node-drainer',
        },
      ],
    },
    {
      name: 'pod deletion in a namespace running a hostPath DaemonSet',
      yaml: `${NODE_ADMIN}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: logging-edit, namespace: logging }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: ServiceAccount, name: drainer, namespace: ops }]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: fluent-bit, namespace: logging }
spec:
  template:
    spec:
      volumes: [{ name: varlog, hostPath: { path: /var/log } }]
      containers: [{ name: fluent-bit, image: fluent/fluent-bit:3.1 }]
`,
      expect: [{ resource: 'ServiceAccount/ops/drainer', path: 'subjects[0]', message: 'pods in logging (privileged pods run in logging)' }],
    },
  ],
});
