import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'RuntimeDefault at pod level, Localhost on one container',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      securityContext: { seccompProfile: { type: RuntimeDefault } }
      initContainers: [{ name: init, image: busybox:1.36 }]
      containers:
        - name: web
          image: nginx:1.27
          securityContext: { seccompProfile: { type: Localhost, localhostProfile: profiles/nginx.json } }
`,
    },
    {
      name: 'each container sets its own profile',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: worker, namespace: jobs }
spec:
  containers:
    - name: worker
      image: jobs/worker:1.0
      securityContext: { seccompProfile: { type: RuntimeDefault } }
`,
    },
  ],
  fail: [
    {
      name: 'nothing set anywhere: one pod-level finding, patched',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      initContainers: [{ name: migrate, image: shop/migrate:2.1 }]
      containers: [{ name: api, image: shop/api:3.2 }]
`,
      expect: [
        {
          resource: 'Deployment/shop/api',
          path: 'spec.template.spec.securityContext.seccompProfile',
          message: 'Containers "api" and "migrate" run without a seccomp profile',
        },
      ],
    },
    {
      name: 'pod Unconfined inherited by one container, another container Unconfined itself',
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: tracer, namespace: observability }
spec:
  selector: { matchLabels: { app: tracer } }
  template:
    metadata: { labels: { app: tracer } }
    spec:
      securityContext: { seccompProfile: { type: Unconfined } }
      containers:
        - name: tracer
          image: observability/tracer:0.9
        - name: shipper
          image: observability/shipper:0.9
          securityContext: { seccompProfile: { type: RuntimeDefault } }
        - name: probe
          image: observability/probe:0.9
          securityContext: { seccompProfile: { type: Unconfined } }
`,
      expect: [
        {
          resource: 'DaemonSet/observability/tracer',
          path: 'spec.template.spec.securityContext.seccompProfile.type',
          message: 'Pod sets seccomp profile Unconfined, which containers "tracer" inherit',
        },
        {
          resource: 'DaemonSet/observability/tracer',
          container: 'probe',
          path: 'spec.template.spec.containers[2].securityContext.seccompProfile.type',
          message: 'sets seccomp profile Unconfined',
        },
      ],
    },
  ],
});
