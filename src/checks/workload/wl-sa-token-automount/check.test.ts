import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'the pod spec opts out, even though its ServiceAccount opts in',
      yaml: `
apiVersion: v1
kind: ServiceAccount
metadata: { name: web, namespace: shop }
automountServiceAccountToken: true
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      serviceAccountName: web
      automountServiceAccountToken: false
      containers: [{ name: web, image: ghcr.io/acme/web:1 }]
`,
    },
    {
      name: 'the ServiceAccount opts out and the pod spec says nothing (deprecated serviceAccount field too)',
      yaml: `
apiVersion: v1
kind: ServiceAccount
metadata: { name: default, namespace: shop }
automountServiceAccountToken: false
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: legacy, namespace: shop }
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: api, image: ghcr.io/acme/api:1 }]
---
apiVersion: batch/v1
kind: Job
metadata: { name: old, namespace: shop }
spec:
  template:
    spec:
      serviceAccount: legacy
      restartPolicy: Never
      containers: [{ name: old, image: ghcr.io/acme/old:1 }]
`,
    },
  ],
  fail: [
    {
      name: 'the pod spec opts in over a ServiceAccount that opts out',
      yaml: `
apiVersion: v1
kind: ServiceAccount
metadata: { name: operator, namespace: ops }
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: operator, namespace: ops }
spec:
  template:
    spec:
      serviceAccountName: operator
      automountServiceAccountToken: true
      containers: [{ name: operator, image: ghcr.io/acme/operator:1 }]
`,
      expect: [
        {
          resource: 'Deployment/ops/operator',
          path: 'spec.template.spec.automountServiceAccountToken',
          message: 'The pod spec sets automountServiceAccountToken: true, mounting the API token of ServiceAccount "operator"',
        },
      ],
    },
    {
      name: 'ServiceAccount in the input that opts in or says nothing',
      yaml: `
apiVersion: v1
kind: ServiceAccount
metadata: { name: web, namespace: shop }
automountServiceAccountToken: true
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: worker, namespace: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      serviceAccountName: web
      containers: [{ name: web, image: ghcr.io/acme/web:1 }]
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: worker, namespace: shop }
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          serviceAccountName: worker
          restartPolicy: OnFailure
          containers: [{ name: worker, image: ghcr.io/acme/worker:1 }]
`,
      expect: [
        {
          resource: 'Deployment/shop/web',
          path: 'spec.template.spec.automountServiceAccountToken',
          message: 'ServiceAccount "web": it sets automountServiceAccountToken: true',
        },
        {
          resource: 'CronJob/shop/worker',
          path: 'spec.jobTemplate.spec.template.spec.automountServiceAccountToken',
          message: 'neither it nor the pod spec sets automountServiceAccountToken: false',
        },
      ],
    },
    {
      name: 'the default ServiceAccount, absent from the manifests, mounts by default',
      yaml: `
apiVersion: v1
kind: ServiceAccount
metadata: { name: default, namespace: other }
automountServiceAccountToken: false
---
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: shop }
spec:
  containers: [{ name: debug, image: busybox:1.36 }]
`,
      expect: [
        {
          resource: 'Pod/shop/debug',
          path: 'spec.automountServiceAccountToken',
          message: 'ServiceAccount "default": the pod spec does not set automountServiceAccountToken, and the ServiceAccount is not in the input',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'ServiceAccounts could not be listed',
      source: { type: 'cluster' },
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'v1/serviceaccounts', code: 403, message: 'forbidden' }],
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      serviceAccountName: web
      containers: [{ name: web, image: ghcr.io/acme/web:1 }]
`,
      expect: [{ resource: 'Deployment/shop/web', path: 'spec.template.spec.automountServiceAccountToken', message: 'ServiceAccounts were not collected' }],
    },
  ],
});
