import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const DIGEST = `sha256:${'f'.repeat(64)}`;

describeCheck(check, {
  pass: [
    {
      name: 'Always, implicit Always for :latest, and digests with any policy',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      initContainers:
        - { name: migrate, image: "ghcr.io/acme/migrate:1.4.0", imagePullPolicy: Always }
      containers:
        - { name: web, image: "nginx:1.27", imagePullPolicy: Always }
        - { name: untagged, image: "ghcr.io/acme/tool" }
        - { name: latest, image: "ghcr.io/acme/tool:latest" }
        - { name: pinned, image: "ghcr.io/acme/api:2.0@${DIGEST}", imagePullPolicy: IfNotPresent }
        - { name: preloaded, image: "ghcr.io/acme/cache@${DIGEST}", imagePullPolicy: Never }
`,
    },
  ],
  fail: [
    {
      name: 'a tag with the defaulted IfNotPresent, and :latest forced to IfNotPresent',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  template:
    spec:
      initContainers:
        - { name: wait, image: "busybox:1.36" }
      containers:
        - { name: api, image: "ghcr.io/acme/api:latest", imagePullPolicy: IfNotPresent }
        - { name: ok, image: "ghcr.io/acme/ok:1", imagePullPolicy: Always }
`,
      expect: [
        {
          resource: 'Deployment/shop/api',
          container: 'wait',
          path: 'spec.template.spec.initContainers[0].imagePullPolicy',
          message: 'runs mutable tag :1.36 ("busybox:1.36") with the default imagePullPolicy IfNotPresent',
        },
        {
          resource: 'Deployment/shop/api',
          container: 'api',
          path: 'spec.template.spec.containers[0].imagePullPolicy',
          message: 'with imagePullPolicy IfNotPresent',
        },
      ],
    },
    {
      name: 'Never on a tagged image (a suggestion, not a patch)',
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: edge, namespace: ops }
spec:
  template:
    spec:
      containers:
        - { name: edge, image: "registry.corp.example:5000/edge/agent:3", imagePullPolicy: Never }
`,
      expect: [
        {
          resource: 'DaemonSet/ops/edge',
          container: 'edge',
          path: 'spec.template.spec.containers[0].imagePullPolicy',
          message: 'with imagePullPolicy Never',
        },
      ],
    },
  ],
});
