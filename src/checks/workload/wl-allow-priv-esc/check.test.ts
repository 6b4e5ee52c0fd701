import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'every container, init included, sets false',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      initContainers:
        - name: wait-db
          image: busybox:1.36
          securityContext: { allowPrivilegeEscalation: false }
      containers:
        - name: web
          image: nginx:1.27
          securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true }
`,
    },
    {
      name: 'Windows pods have no such field',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: iis, namespace: win }
spec:
  selector: { matchLabels: { app: iis } }
  template:
    metadata: { labels: { app: iis } }
    spec:
      os: { name: windows }
      containers: [{ name: iis, image: mcr.microsoft.com/windows/servercore/iis }]
`,
    },
  ],
  fail: [
    {
      name: 'unset on the app container, explicit true on the sidecar, missing securityContext patched whole',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout, namespace: shop }
spec:
  selector: { matchLabels: { app: checkout } }
  template:
    metadata: { labels: { app: checkout } }
    spec:
      securityContext: { runAsNonRoot: true, runAsUser: 10001 }
      containers:
        - name: app
          image: shop/checkout:5.0
        - name: proxy
          image: envoyproxy/envoy:v1.31
          securityContext: { allowPrivilegeEscalation: true, readOnlyRootFilesystem: true }
`,
      expect: [
        {
          resource: 'Deployment/shop/checkout',
          container: 'app',
          path: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
          message: 'defaults to true',
        },
        {
          resource: 'Deployment/shop/checkout',
          container: 'proxy',
          path: 'spec.template.spec.containers[1].securityContext.allowPrivilegeEscalation',
          message: 'sets allowPrivilegeEscalation: true',
        },
      ],
    },
    {
      name: 'privileged container: the decision is the privileged flag',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: dind, namespace: ci }
spec:
  ephemeralContainers: []
  containers:
    - name: docker
      image: docker:27-dind
      securityContext: { privileged: true }
    - name: builder
      image: docker:27
      securityContext: { capabilities: { add: [CAP_SYS_ADMIN] } }
`,
      expect: [
        { resource: 'Pod/ci/dind', container: 'docker', path: 'spec.containers[0].securityContext.privileged', message: 'runs privileged' },
        { resource: 'Pod/ci/dind', container: 'builder', path: 'spec.containers[1].securityContext.capabilities.add[0]', message: 'adds CAP_SYS_ADMIN' },
      ],
    },
  ],
});
