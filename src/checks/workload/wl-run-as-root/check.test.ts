import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'runAsNonRoot at pod level covers every container',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      securityContext: { runAsNonRoot: true }
      initContainers: [{ name: init, image: busybox:1.36 }]
      containers: [{ name: web, image: nginxinc/nginx-unprivileged:1.27 }]
`,
    },
    {
      name: 'explicit non-zero runAsUser, and a container override of a pod-level false',
      yaml: `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: cache, namespace: shop }
spec:
  selector: { matchLabels: { app: cache } }
  template:
    metadata: { labels: { app: cache } }
    spec:
      securityContext: { runAsNonRoot: false }
      containers:
        - name: redis
          image: redis:7.4
          securityContext: { runAsUser: 999 }
        - name: exporter
          image: oliver006/redis_exporter:v1.62.0
          securityContext: { runAsNonRoot: true }
`,
    },
    {
      name: 'user-namespace pod may be root inside',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: builder, namespace: ci }
spec:
  hostUsers: false
  containers: [{ name: buildkit, image: moby/buildkit:v0.16.0, securityContext: { runAsUser: 0 } }]
`,
    },
  ],
  fail: [
    {
      // The suggestion adds fields inside the existing flow securityContext, and a block one
      // where there was none; comments, CRLF line endings and the anchored labels stay.
      name: 'comments, CRLF line endings, anchors and a flow securityContext',
      yaml: [
        '# api: runs the shop API',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: api, namespace: shop, labels: &labels { app: api } }',
        'spec:',
        '  selector: { matchLabels: *labels }',
        '  template:',
        '    metadata: { labels: *labels }',
        '    spec:',
        '      containers:',
        '        - name: api # main',
        "          image: 'shop/api:3.2'",
        '          securityContext: { allowPrivilegeEscalation: false }',
        '        - name: cache',
        '          image: redis:7.4',
        '',
      ].join('\r\n'),
      expect: [
        { resource: 'Deployment/shop/api', container: 'api', message: 'neither runAsNonRoot' },
        { resource: 'Deployment/shop/api', container: 'cache', message: 'neither runAsNonRoot' },
      ],
    },
    {
      name: 'nothing set: evidence at the container runAsNonRoot',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: shop/api:3.2
`,
      expect: [
        {
          resource: 'Deployment/shop/api',
          container: 'api',
          path: 'spec.template.spec.containers[0].securityContext.runAsNonRoot',
          message: 'the image decides',
        },
      ],
    },
    {
      name: 'pod-level runAsUser 0 is one finding; container-level 0 overrides a pod-level runAsNonRoot',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: legacy, namespace: shop }
spec:
  selector: { matchLabels: { app: legacy } }
  template:
    metadata: { labels: { app: legacy } }
    spec:
      securityContext: { runAsUser: 0 }
      initContainers: [{ name: chown, image: busybox:1.36 }]
      containers:
        - name: app
          image: legacy/app:1
        - name: agent
          image: legacy/agent:1
          securityContext: { runAsUser: 2000 }
---
apiVersion: batch/v1
kind: Job
metadata: { name: fix-perms, namespace: shop }
spec:
  template:
    spec:
      restartPolicy: Never
      securityContext: { runAsNonRoot: true }
      containers:
        - name: chmod
          image: busybox:1.36
          securityContext: { runAsUser: 0 }
`,
      expect: [
        {
          resource: 'Deployment/shop/legacy',
          path: 'spec.template.spec.securityContext.runAsUser',
          message: 'Pod sets runAsUser: 0, so containers "app" and "chown" run as root',
        },
        {
          resource: 'Job/shop/fix-perms',
          container: 'chmod',
          path: 'spec.template.spec.containers[0].securityContext.runAsUser',
        },
      ],
    },
    {
      name: 'explicit runAsNonRoot false at pod and container level',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: tool, namespace: ops }
spec:
  securityContext: { runAsNonRoot: false }
  containers:
    - name: a
      image: tool:1
    - name: b
      image: tool:1
      securityContext: { runAsNonRoot: false }
`,
      expect: [
        { resource: 'Pod/ops/tool', path: 'spec.securityContext.runAsNonRoot', message: 'containers "a" set no non-root user' },
        { resource: 'Pod/ops/tool', container: 'b', path: 'spec.containers[1].securityContext.runAsNonRoot' },
      ],
    },
  ],
});
