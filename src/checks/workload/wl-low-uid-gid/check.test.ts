import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'high IDs at pod level, an unset group left to the image, root left to wl-run-as-root',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      securityContext: { runAsUser: 10001, runAsGroup: 10001 }
      containers:
        - { name: api, image: shop/api:3.2 }
        - { name: debug, image: busybox:1.36, securityContext: { runAsUser: 0, runAsGroup: 20000 } }
---
apiVersion: v1
kind: Pod
metadata: { name: cache, namespace: shop }
spec:
  containers: [{ name: redis, image: redis:7.4, securityContext: { runAsUser: 65532 } }]
`,
    },
    {
      name: 'user-namespace pods map IDs away from the node',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: sandbox, namespace: lab }
spec:
  hostUsers: false
  securityContext: { runAsUser: 1000, runAsGroup: 1000 }
  containers: [{ name: main, image: lab/main:1 }]
`,
    },
  ],
  fail: [
    {
      name: 'pod-level low UID shared by containers, container-level low GID',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      securityContext: { runAsUser: 1000 }
      initContainers: [{ name: init, image: busybox:1.36 }]
      containers:
        - { name: web, image: nginx:1.27, securityContext: { runAsGroup: 0 } }
        - { name: exporter, image: nginx/nginx-prometheus-exporter:1.3, securityContext: { runAsUser: 65534 } }
`,
      expect: [
        {
          resource: 'Deployment/shop/web',
          path: 'spec.template.spec.securityContext.runAsUser',
          message: 'Pod sets runAsUser 1000 (at most 10000), which containers "web" and "init" use',
        },
        {
          resource: 'Deployment/shop/web',
          container: 'web',
          path: 'spec.template.spec.containers[0].securityContext.runAsGroup',
          message: 'runs with runAsGroup 0',
        },
      ],
    },
    {
      name: 'requireExplicit reports IDs left to the image',
      options: { requireExplicit: true },
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: tool, namespace: ops }
spec:
  containers: [{ name: tool, image: ops/tool:1, securityContext: { runAsUser: 20000 } }]
`,
      expect: [{ resource: 'Pod/ops/tool', container: 'tool', path: 'spec.containers[0].securityContext.runAsGroup', message: 'leaves runAsGroup to the image' }],
    },
  ],
});
