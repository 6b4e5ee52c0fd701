import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'opaque Secret, and a token the cleaner already invalidated',
      yaml: `
apiVersion: v1
kind: Secret
metadata: { name: db-password, namespace: shop }
type: Opaque
stringData: { password: not-a-real-password }
---
apiVersion: v1
kind: Secret
metadata:
  name: ci-token
  namespace: ci
  annotations: { kubernetes.io/service-account.name: ci }
  labels: { kubernetes.io/legacy-token-invalid-since: "2025-01-10" }
type: kubernetes.io/service-account-token
`,
    },
  ],
  fail: [
    {
      name: 'token of an unprivileged SA (medium, last used) and of a cluster-admin SA (high)',
      yaml: `
apiVersion: v1
kind: Secret
metadata:
  name: dashboard-token
  namespace: tools
  annotations: { kubernetes.io/service-account.name: dashboard }
  labels: { kubernetes.io/legacy-token-last-used: "2025-03-02" }
type: kubernetes.io/service-account-token
---
apiVersion: v1
kind: Secret
metadata:
  name: jenkins-token
  namespace: ci
  annotations: { kubernetes.io/service-account.name: jenkins }
type: kubernetes.io/service-account-token
data:
  token: ZXlKaGJHY2lPaUpTVXpJMU5pSXNJbXRwWkNJNklp
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: jenkins-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: jenkins, namespace: ci }]
`,
      expect: [
        {
          resource: 'Secret/tools/dashboard-token',
          path: 'type',
          severity: 'medium',
          message: 'Secret tools/dashboard-token holds a non-expiring token for ServiceAccount tools/dashboard (last used 2025-03-02)',
        },
        {
          resource: 'Secret/ci/jenkins-token',
          path: 'type',
          severity: 'high',
          message:
            /^Secret ci\/jenkins-token holds a non-expiring token for ServiceAccount ci\/jenkins, an account that can do anything \(cluster-admin\), read Secrets, create or modify pods and workload controllers and \d+ more$/,
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'Secrets could not be listed',
      source: { type: 'cluster', cluster: 'prod' },
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'v1/secrets', code: 403, message: 'forbidden' }],
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
`,
      expect: [{ resource: 'Cluster/prod', message: 'Secrets could not be listed (v1/secrets: forbidden)' }],
    },
  ],
});
