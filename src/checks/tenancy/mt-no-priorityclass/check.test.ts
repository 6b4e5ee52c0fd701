import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'workload with a priority class',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      priorityClassName: shop-high
      containers: [{ name: web, image: nginx:1.27 }]
`,
    },
    {
      name: 'no class set but a global default class is assigned at admission',
      yaml: `
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: standard }
value: 1000
globalDefault: true
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: shop }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{ name: report, image: report:2 }]
`,
    },
  ],
  fail: [
    {
      name: 'no class and only non-default classes exist',
      yaml: `
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: batch-low }
value: 100
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop }
spec:
  template:
    spec:
      priorityClassName: ""
      containers: [{ name: db, image: postgres:16 }]
`,
      expect: [
        {
          resource: 'StatefulSet/shop/db',
          path: 'spec.template.spec.priorityClassName',
          message: 'StatefulSet "db" sets no priorityClassName',
        },
      ],
    },
    {
      name: 'bare pod without class',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: shop }
spec:
  containers: [{ name: shell, image: busybox:1.36 }]
`,
      expect: [{ resource: 'Pod/shop/debug', path: 'spec.priorityClassName' }],
    },
  ],
});
