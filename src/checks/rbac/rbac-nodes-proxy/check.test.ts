import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'metrics scraping without nodes/proxy; nodes/proxy through a RoleBinding grants nothing',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: prometheus }
rules:
  - apiGroups: [""]
    resources: [nodes, nodes/metrics, nodes/stats]
    verbs: [get, list, watch]
  - nonResourceURLs: [/metrics]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: prometheus }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: prometheus }
subjects: [{ kind: ServiceAccount, name: prometheus, namespace: monitoring }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: node-proxy }
rules: [{ apiGroups: [""], resources: [nodes/proxy], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: node-proxy, namespace: monitoring }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-proxy }
subjects: [{ kind: ServiceAccount, name: agent, namespace: monitoring }]
`,
    },
  ],
  fail: [
    {
      name: 'monitoring agent with get on nodes/proxy; an admin through "*" on nodes/*',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: datadog-agent }
rules:
  - apiGroups: [""]
    resources: [nodes/metrics, nodes/spec, nodes/proxy, nodes/stats]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: datadog-agent }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: datadog-agent }
subjects: [{ kind: ServiceAccount, name: datadog-agent, namespace: datadog }]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: datadog-agent, namespace: datadog }
spec:
  template:
    spec:
      serviceAccountName: datadog-agent
      containers: [{ name: agent, image: gcr.io/datadoghq/agent:7 }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: kubelet-admins }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:kubelet-api-admin }
subjects: [{ kind: User, name: node-debugger }]
`,
      expect: [
        {
          resource: 'ServiceAccount/datadog/datadog-agent',
          path: 'subjects[0]',
          severity: 'high',
          message:
            'ServiceAccount datadog/datadog-agent (runs DaemonSet/datadog/datadog-agent) can use the kubelet API of every node (get on nodes/proxy): ClusterRole "datadog-agent" rules[0] via ClusterRoleBinding datadog-agent',
        },
        { resource: 'User/node-debugger', message: 'every node (* on nodes/proxy): ClusterRole "system:kubelet-api-admin" (Kubernetes default)' },
      ],
    },
  ],
});
