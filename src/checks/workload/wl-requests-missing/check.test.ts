import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'requests set, or derived from limits',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      initContainers:
        - { name: migrate, image: ghcr.io/acme/migrate:1, resources: { limits: { cpu: 200m, memory: 128Mi } } }
      containers:
        - { name: web, image: ghcr.io/acme/web:1, resources: { requests: { cpu: 100m, memory: 128Mi } } }
        - { name: mixed, image: ghcr.io/acme/mixed:1, resources: { requests: { cpu: 50m }, limits: { memory: 64Mi } } }
`,
    },
    {
      name: 'requests defaulted by a LimitRange (default limit and min both imply a request)',
      yaml: `
apiVersion: v1
kind: LimitRange
metadata: { name: defaults, namespace: shop }
spec:
  limits:
    - { type: Container, default: { memory: 256Mi }, min: { cpu: 10m } }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: agent, image: ghcr.io/acme/agent:1 }]
`,
    },
  ],
  fail: [
    {
      name: 'no resources at all, and a CPU request missing beside a memory limit',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  template:
    spec:
      containers:
        - { name: api, image: ghcr.io/acme/api:1 }
        - { name: cache, image: redis:7, resources: { limits: { memory: 1Gi } } }
      ephemeralContainers:
        - { name: debug, image: busybox:1.36 }
`,
      expect: [
        {
          resource: 'Deployment/shop/api',
          container: 'api',
          path: 'spec.template.spec.containers[0].resources.requests.memory',
          message: 'Container "api" has no memory request, and no LimitRange in namespace "shop" defaults one',
        },
        { resource: 'Deployment/shop/api', container: 'api', path: 'spec.template.spec.containers[0].resources.requests.cpu', message: 'no CPU request' },
        { resource: 'Deployment/shop/api', container: 'cache', path: 'spec.template.spec.containers[1].resources.requests.cpu' },
      ],
    },
    {
      name: 'a LimitRange that only defaults memory leaves CPU missing',
      yaml: `
apiVersion: v1
kind: LimitRange
metadata: { name: mem, namespace: jobs }
spec:
  limits: [{ type: Container, defaultRequest: { memory: 64Mi } }]
---
apiVersion: batch/v1
kind: Job
metadata: { name: once, namespace: jobs }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: once, image: ghcr.io/acme/once:1 }]
`,
      expect: [{ resource: 'Job/jobs/once', container: 'once', path: 'spec.template.spec.containers[0].resources.requests.cpu' }],
    },
  ],
  notEvaluated: [
    {
      name: 'LimitRanges could not be listed',
      source: { type: 'cluster' },
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'v1/limitranges', code: 403, message: 'forbidden' }],
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: solo, namespace: shop }
spec:
  containers: [{ name: solo, image: ghcr.io/acme/solo:1, resources: { requests: { memory: 64Mi } } }]
`,
      expect: [{ resource: 'Pod/shop/solo', container: 'solo', path: 'spec.containers[0].resources.requests.cpu', message: 'listing limitranges failed' }],
    },
  ],
});
