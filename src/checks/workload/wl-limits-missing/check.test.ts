import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'every container and init container sets both limits',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/acme/migrate:1
          resources: { limits: { cpu: 500m, memory: 256Mi } }
      containers:
        - name: web
          image: ghcr.io/acme/web:1
          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { cpu: "1", memory: 128Mi } }
      ephemeralContainers:
        - { name: debug, image: busybox:1.36 }
`,
    },
    {
      name: 'limits defaulted by a LimitRange (max counts as default) and by pod-level resources',
      yaml: `
apiVersion: v1
kind: LimitRange
metadata: { name: defaults, namespace: shop }
spec:
  limits:
    - type: Container
      default: { memory: 512Mi }
      max: { cpu: "2" }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: api, image: ghcr.io/acme/api:1 }]
---
apiVersion: v1
kind: Pod
metadata: { name: batch, namespace: jobs }
spec:
  resources: { limits: { cpu: "4", memory: 8Gi } }
  containers: [{ name: worker, image: ghcr.io/acme/worker:1 }]
`,
    },
    {
      name: 'CPU limits not required by configuration',
      options: { requireCpuLimit: false },
      yaml: `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: data }
spec:
  template:
    spec:
      containers: [{ name: db, image: postgres:16, resources: { limits: { memory: 2Gi } } }]
`,
    },
  ],
  fail: [
    {
      name: 'memory (medium) and CPU (low) missing, each its own finding',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      initContainers:
        - { name: wait, image: busybox:1.36, resources: { limits: { cpu: 100m } } }
      containers:
        - name: web
          image: ghcr.io/acme/web:1
          resources: { requests: { memory: 256Mi, cpu: 250m } }
        - name: ok
          image: ghcr.io/acme/ok:1
          resources: { limits: { memory: 64Mi, cpu: 100m } }
`,
      expect: [
        {
          resource: 'Deployment/shop/web',
          container: 'wait',
          path: 'spec.template.spec.initContainers[0].resources.limits.memory',
          severity: 'medium',
          message: 'Container "wait" has no memory limit, and no LimitRange in namespace "shop" defaults one',
        },
        {
          resource: 'Deployment/shop/web',
          container: 'web',
          path: 'spec.template.spec.containers[0].resources.limits.memory',
          severity: 'medium',
        },
        {
          resource: 'Deployment/shop/web',
          container: 'web',
          path: 'spec.template.spec.containers[0].resources.limits.cpu',
          severity: 'low',
          message: 'no CPU limit',
        },
      ],
    },
    {
      name: 'a LimitRange in another namespace, or for Pods only, does not count',
      yaml: `
apiVersion: v1
kind: LimitRange
metadata: { name: defaults, namespace: other }
spec:
  limits: [{ type: Container, default: { memory: 512Mi, cpu: 500m } }]
---
apiVersion: v1
kind: LimitRange
metadata: { name: pod-max, namespace: shop }
spec:
  limits: [{ type: Pod, max: { memory: 4Gi, cpu: "4" } }]
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: shop }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{ name: report, image: ghcr.io/acme/report:1 }]
`,
      expect: [
        { resource: 'CronJob/shop/report', container: 'report', path: 'spec.jobTemplate.spec.template.spec.containers[0].resources.limits.memory' },
        { resource: 'CronJob/shop/report', container: 'report', path: 'spec.jobTemplate.spec.template.spec.containers[0].resources.limits.cpu' },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'LimitRanges could not be listed',
      source: { type: 'cluster' },
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'v1/limitranges', code: 403, message: 'forbidden' }],
      options: { requireCpuLimit: false },
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: web, image: ghcr.io/acme/web:1 }]
`,
      expect: [
        {
          resource: 'Deployment/shop/web',
          container: 'web',
          path: 'spec.template.spec.containers[0].resources.limits.memory',
          message: 'listing limitranges failed (403)',
        },
      ],
    },
  ],
});
