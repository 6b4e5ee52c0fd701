import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const DIGEST = `sha256:${'e'.repeat(64)}`;

describeCheck(check, {
  pass: [
    {
      name: 'every container pinned, with or without a tag',
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: ops }
spec:
  template:
    spec:
      initContainers:
        - { name: setup, image: "busybox@${DIGEST}" }
      containers:
        - { name: agent, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ops/agent:1.2.3@${DIGEST}" }
`,
    },
  ],
  fail: [
    {
      name: 'a tagged image and an untagged one beside a pinned one',
      yaml: `
apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: shop }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - { name: migrate, image: "ghcr.io/acme/migrate:1.4.0" }
        - { name: proxy, image: "ghcr.io/acme/cloudsql-proxy" }
        - { name: pinned, image: "ghcr.io/acme/pinned@${DIGEST}" }
`,
      expect: [
        {
          resource: 'Job/shop/migrate',
          container: 'migrate',
          path: 'spec.template.spec.containers[0].image',
          message: 'runs "ghcr.io/acme/migrate:1.4.0" by tag :1.4.0, not by digest',
        },
        {
          resource: 'Job/shop/migrate',
          container: 'proxy',
          path: 'spec.template.spec.containers[1].image',
          message: 'by tag :latest',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'a digest of the wrong length',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: odd, namespace: shop }
spec:
  containers: [{ name: app, image: "nginx@sha256:abcdef0123456789abcdef0123456789" }]
`,
      expect: [{ resource: 'Pod/shop/odd', container: 'app', path: 'spec.containers[0].image', message: '64 hex' }],
    },
  ],
});
