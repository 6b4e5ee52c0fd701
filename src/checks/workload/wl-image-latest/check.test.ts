import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const DIGEST = `sha256:${'d'.repeat(64)}`;

describeCheck(check, {
  pass: [
    {
      name: 'versioned tags, and :latest pinned by a digest',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      initContainers:
        - { name: migrate, image: "ghcr.io/acme/migrate:2024.06.1" }
      containers:
        - { name: web, image: "nginx:1.27.0" }
        - { name: agent, image: "public.ecr.aws/acme/agent:latest@${DIGEST}" }
        - { name: registry-port, image: "localhost:5000/tools/jq:1.7" }
`,
    },
  ],
  fail: [
    {
      name: 'untagged image, explicit :latest in an init container and a registry with a port',
      yaml: `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: data }
spec:
  template:
    spec:
      initContainers:
        - { name: init, image: "busybox:latest" }
      containers:
        - { name: db, image: postgres }
        - { name: backup, image: "registry.corp.example:5000/ops/backup" }
        - { name: exporter, image: "quay.io/prometheuscommunity/postgres-exporter:v0.15.0" }
`,
      expect: [
        {
          resource: 'StatefulSet/data/db',
          container: 'init',
          path: 'spec.template.spec.initContainers[0].image',
          message: 'runs "busybox:latest", the mutable :latest tag',
        },
        {
          resource: 'StatefulSet/data/db',
          container: 'db',
          path: 'spec.template.spec.containers[0].image',
          message: 'runs "postgres" without a tag',
        },
        {
          resource: 'StatefulSet/data/db',
          container: 'backup',
          path: 'spec.template.spec.containers[1].image',
          message: 'without a tag',
        },
      ],
    },
    {
      name: 'ephemeral debug container',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: api-0, namespace: shop }
spec:
  containers: [{ name: api, image: "ghcr.io/acme/api:3.1.0" }]
  ephemeralContainers: [{ name: debugger, image: "nicolaka/netshoot" }]
`,
      expect: [{ resource: 'Pod/shop/api-0', container: 'debugger', path: 'spec.ephemeralContainers[0].image' }],
    },
  ],
  notEvaluated: [
    {
      name: 'upper-case repository the runtime rejects',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: odd, namespace: shop }
spec:
  containers: [{ name: app, image: "Acme/App:1" }]
`,
      expect: [{ resource: 'Pod/shop/odd', container: 'app', message: 'must be lowercase' }],
    },
  ],
});
