import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'namespace-scoped app permissions; a powerful SA whose pods mount no token',
      yaml: `
apiVersion: v1
kind: ServiceAccount
metadata: { name: web, namespace: shop }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: web, namespace: shop }
rules: [{ apiGroups: [""], resources: [configmaps], verbs: [get, watch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: web, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: web }
subjects: [{ kind: ServiceAccount, name: web }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      serviceAccountName: web
      containers: [{ name: web, image: shop/web:1.4 }]
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: backup, namespace: ops }
automountServiceAccountToken: false
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: backup-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: backup, namespace: ops }]
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: backup, namespace: ops }
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          serviceAccountName: backup
          containers: [{ name: backup, image: ops/backup:3 }]
`,
    },
    {
      name: 'a controller that may patch Jobs cluster-wide: a Job\'s pod template cannot be changed',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: job-suspender }
rules: [{ apiGroups: [batch], resources: [jobs, jobs/status], verbs: [get, list, watch, update, patch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: job-suspender }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: job-suspender }
subjects: [{ kind: ServiceAccount, name: kueue, namespace: kueue-system }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: kueue, namespace: kueue-system }
spec:
  template:
    spec:
      serviceAccountName: kueue
      containers: [{ name: manager, image: kueue/manager:0.9 }]
`,
    },
  ],
  fail: [
    {
      name: 'secrets read cluster-wide through a namespace-wide group binding; projected token despite automount false',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: secret-reader }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: monitoring-secrets }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader }
subjects: [{ kind: Group, name: "system:serviceaccounts:monitoring", apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: grafana, namespace: monitoring }
spec:
  template:
    spec:
      serviceAccountName: grafana
      containers: [{ name: grafana, image: grafana/grafana:11.2.0 }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ci-nodes }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:kubelet-api-admin }
subjects: [{ kind: ServiceAccount, name: runner, namespace: ci }]
---
apiVersion: v1
kind: Pod
metadata: { name: runner, namespace: ci }
spec:
  serviceAccountName: runner
  automountServiceAccountToken: false
  volumes:
    - name: token
      projected:
        sources: [{ serviceAccountToken: { path: token, expirationSeconds: 3600 } }]
  containers: [{ name: runner, image: ci/runner:5 }]
`,
      expect: [
        {
          resource: 'ServiceAccount/monitoring/grafana',
          path: 'subjects[0]',
          severity: 'high',
          message:
            'ServiceAccount monitoring/grafana (runs Deployment/monitoring/grafana) lets a compromised pod take over the cluster: it can read Secrets cluster-wide. Granted by ClusterRole "secret-reader" rules[0] via ClusterRoleBinding monitoring-secrets (as member of Group "system:serviceaccounts:monitoring")',
        },
        { resource: 'ServiceAccount/ci/runner', message: 'it can reach the kubelet API (nodes/proxy) cluster-wide' },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'the SA group is bound to a role missing from the manifests',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: all-sa }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: vendor-shared }
subjects: [{ kind: Group, name: system:serviceaccounts, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  template:
    spec:
      serviceAccountName: api
      containers: [{ name: api, image: shop/api:2 }]
`,
      expect: [{ resource: 'ServiceAccount/shop/api', message: 'ClusterRoleBinding all-sa binds Group "system:serviceaccounts"' }],
    },
  ],
});
