import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'dedicated SA; default SA without token; default SA bound only to a Kubernetes default role',
      yaml: `
apiVersion: v1
kind: ServiceAccount
metadata: { name: default, namespace: batch }
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      serviceAccountName: web
      containers: [{ name: web, image: shop/web:1 }]
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: batch }
spec:
  schedule: "0 6 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{ name: report, image: batch/report:2 }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: discovery, namespace: batch }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:basic-user }
subjects: [{ kind: ServiceAccount, name: default }]
`,
    },
  ],
  fail: [
    {
      name: 'pod-level token opt-out missing: safe patch when the default SA holds nothing',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: cart, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: cart, image: shop/cart:3 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop }
spec:
  template:
    spec:
      serviceAccountName: default
      automountServiceAccountToken: true
      containers: [{ name: db, image: postgres:16 }]
`,
      expect: [
        {
          resource: 'Deployment/shop/cart',
          path: 'spec.template.spec.serviceAccountName',
          severity: 'medium',
          message: 'Deployment shop/cart runs as the default ServiceAccount of namespace shop with its token mounted',
        },
        { resource: 'StatefulSet/shop/db', path: 'spec.template.spec.serviceAccountName' },
      ],
    },
    {
      name: 'default SA bound to edit: the binding and every pod using it',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: default-edit, namespace: legacy }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects:
  - { kind: User, name: someone }
  - { kind: ServiceAccount, name: default, namespace: legacy }
---
apiVersion: v1
kind: Pod
metadata: { name: worker, namespace: legacy }
spec:
  serviceAccount: default
  containers: [{ name: worker, image: legacy/worker:9 }]
`,
      expect: [
        {
          resource: 'ServiceAccount/legacy/default',
          path: 'subjects[1]',
          message:
            'The default ServiceAccount of namespace legacy is granted permissions that every pod without its own service account receives: ClusterRole "edit" (Kubernetes default, rules approximated) via RoleBinding legacy/default-edit',
        },
        {
          resource: 'Pod/legacy/worker',
          path: 'spec.serviceAccount',
          severity: 'high',
          message: 'Pod legacy/worker runs as the default ServiceAccount of namespace legacy with its token mounted, and that account holds: ClusterRole "edit"',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'bindings could not be collected: whether the default account holds permissions is unknown',
      source: { type: 'cluster', cluster: 'prod' },
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'rbac.authorization.k8s.io/v1/clusterrolebindings', code: 403, message: 'forbidden' }],
      yaml: `
apiVersion: v1
kind: ServiceAccount
metadata: { name: default, namespace: shop }
`,
      expect: [{ resource: 'ServiceAccount/shop/default', message: 'RBAC objects could not be collected' }],
    },
  ],
});
