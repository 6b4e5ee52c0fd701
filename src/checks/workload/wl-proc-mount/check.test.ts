import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'unset and Default',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - { name: web, image: nginx:1.27 }
        - { name: proxy, image: envoyproxy/envoy:v1.31, securityContext: { procMount: Default } }
`,
    },
  ],
  fail: [
    {
      name: 'Unmasked in a nested-build pod, said to be in a user namespace',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: buildkit, namespace: ci }
spec:
  hostUsers: false
  containers:
    - name: buildkitd
      image: moby/buildkit:v0.16.0-rootless
      securityContext: { procMount: Unmasked, seccompProfile: { type: Unconfined } }
`,
      expect: [
        {
          resource: 'Pod/ci/buildkit',
          container: 'buildkitd',
          path: 'spec.containers[0].securityContext.procMount',
          message: 'inside its own user namespace',
        },
      ],
    },
    {
      name: 'Unmasked on an init container',
      yaml: `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: sandbox, namespace: lab }
spec:
  selector: { matchLabels: { app: sandbox } }
  template:
    metadata: { labels: { app: sandbox } }
    spec:
      initContainers:
        - { name: prep, image: lab/prep:1, securityContext: { procMount: Unmasked } }
      containers:
        - { name: main, image: lab/main:1 }
`,
      expect: [{ resource: 'StatefulSet/lab/sandbox', container: 'prep', path: 'spec.template.spec.initContainers[0].securityContext.procMount', message: /procMount: Unmasked, exposing the unmasked \/proc$/ }],
    },
  ],
});
