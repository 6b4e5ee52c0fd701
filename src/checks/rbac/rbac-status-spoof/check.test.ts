import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'reading status and writing a custom resource status',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: operator }
rules:
  - apiGroups: [""]
    resources: [pods/status, services/status]
    verbs: [get, watch]
  - apiGroups: [example.com]
    resources: [widgets/status]
    verbs: [update, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: operator }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: operator }
subjects: [{ kind: ServiceAccount, name: widget-operator, namespace: widgets }]
`,
    },
  ],
  fail: [
    {
      name: 'a user bound to the default system:kube-scheduler ClusterRole (no role declared)',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: alice }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:kube-scheduler }
subjects: [{ kind: User, name: alice }]
`,
      expect: [{ resource: 'User/alice', path: 'subjects[0]', severity: 'low', message: /write pods\/status cluster-wide/ }],
    },
    {
      name: 'services/status in one namespace (medium); pods and nodes status cluster-wide (low)',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: lb, namespace: edge }
rules:
  - apiGroups: [""]
    resources: [services/status]
    verbs: [patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: lb, namespace: edge }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: lb }
subjects: [{ kind: ServiceAccount, name: metallb-controller }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: node-problem-detector }
rules:
  - apiGroups: [""]
    resources: [nodes/status, pods/status]
    verbs: [patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: npd }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-problem-detector }
subjects: [{ kind: ServiceAccount, name: npd, namespace: monitoring }]
`,
      expect: [
        {
          resource: 'ServiceAccount/edge/metallb-controller',
          path: 'subjects[0]',
          severity: 'medium',
          message:
            'ServiceAccount edge/metallb-controller can write services/status in namespace edge (set LoadBalancer ingress IPs and intercept traffic to them (CVE-2020-8554)): Role "lb" rules[0] via RoleBinding edge/lb',
        },
        {
          resource: 'ServiceAccount/monitoring/npd',
          severity: 'low',
          message: /write pods\/status cluster-wide .*; write nodes\/status cluster-wide/,
        },
      ],
    },
  ],
});
