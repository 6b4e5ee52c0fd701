import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'unprivileged deployment',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext: { privileged: false }
`,
    },
  ],
  fail: [
    {
      // Only the value is replaced: its trailing comment, the anchors elsewhere, 4-space
      // indentation and the flow-style container keep their bytes.
      name: 'privileged containers written with comments, anchors, 4-space indent and flow style',
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata:
    name: node-tuner
    namespace: platform
    labels: &labels
        app: node-tuner
spec:
    selector:
        matchLabels: *labels
    template:
        metadata:
            labels: *labels
        spec:
            containers:
                -   name: tuner
                    image: platform/tuner:0.3
                    securityContext:
                        privileged: true   # sysctl tuning (ticket OPS-42)
                -   { name: exporter, image: "platform/exporter:1.0", securityContext: { privileged: true } }
`,
      expect: [
        { resource: 'DaemonSet/platform/node-tuner', container: 'tuner' },
        { resource: 'DaemonSet/platform/node-tuner', container: 'exporter' },
      ],
    },
    {
      name: 'privileged init container in a CronJob',
      yaml: `
apiVersion: batch/v1
kind: CronJob
metadata: { name: backup, namespace: ops }
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - name: setup
              image: busybox:1.36
              securityContext: { privileged: true }
          containers:
            - name: backup
              image: backup:1.0
`,
      expect: [
        {
          resource: 'CronJob/ops/backup',
          container: 'setup',
          path: 'spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.privileged',
        },
      ],
    },
    {
      name: 'pods of a replica set whose owner is absent count once',
      yaml: `
apiVersion: v1
kind: Pod
metadata:
  name: web-1
  namespace: shop
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, controller: true }]
spec:
  containers: [{ name: web, image: nginx, securityContext: { privileged: true } }]
---
apiVersion: v1
kind: Pod
metadata:
  name: web-2
  namespace: shop
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, controller: true }]
spec:
  containers: [{ name: web, image: nginx, securityContext: { privileged: true } }]
`,
      expect: [{ resource: 'Pod/shop/web-1', container: 'web' }],
    },
  ],
});
