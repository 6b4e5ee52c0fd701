import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'app containers probed; init containers, Jobs, CronJobs and run-once pods are not evaluated',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      initContainers:
        - { name: migrate, image: ghcr.io/acme/migrate:1 }
      containers:
        - name: web
          image: ghcr.io/acme/web:1
          readinessProbe: { httpGet: { path: /healthz, port: 8080 } }
        - name: envoy
          image: envoyproxy/envoy:v1.30.1
          readinessProbe: { tcpSocket: { port: 9901 } }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: shop }
spec:
  schedule: "@hourly"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{ name: report, image: ghcr.io/acme/report:1 }]
---
apiVersion: v1
kind: Pod
metadata:
  name: migrate-x7k2p
  namespace: shop
  ownerReferences: [{ apiVersion: batch/v1, kind: Job, name: migrate, controller: true }]
spec:
  containers: [{ name: migrate, image: ghcr.io/acme/migrate:1 }]
---
apiVersion: v1
kind: Pod
metadata: { name: one-off, namespace: shop }
spec:
  restartPolicy: Never
  containers: [{ name: task, image: ghcr.io/acme/task:1 }]
`,
    },
  ],
  fail: [
    {
      name: 'one container of two unprobed (a liveness probe does not count)',
      yaml: `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: data }
spec:
  template:
    spec:
      containers:
        - name: db
          image: postgres:16
          readinessProbe: { exec: { command: [pg_isready] } }
        - name: exporter
          image: quay.io/prometheuscommunity/postgres-exporter:v0.15.0
          livenessProbe: { httpGet: { path: /metrics, port: 9187 } }
          startupProbe: { httpGet: { path: /metrics, port: 9187 } }
`,
      expect: [
        {
          resource: 'StatefulSet/data/db',
          container: 'exporter',
          path: 'spec.template.spec.containers[1].readinessProbe',
          message: 'Container "exporter" has no readiness probe',
        },
      ],
    },
    {
      name: 'a naked pod and a ReplicaSet whose Deployment is not in the input',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: shop }
spec:
  containers: [{ name: shell, image: busybox:1.36 }]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: api-6d4f
  namespace: shop
  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: api, controller: true }]
spec:
  template:
    spec:
      containers: [{ name: api, image: ghcr.io/acme/api:1 }]
`,
      expect: [
        { resource: 'Pod/shop/debug', container: 'shell', path: 'spec.containers[0].readinessProbe' },
        { resource: 'ReplicaSet/shop/api-6d4f', container: 'api', path: 'spec.template.spec.containers[0].readinessProbe' },
      ],
    },
  ],
});
