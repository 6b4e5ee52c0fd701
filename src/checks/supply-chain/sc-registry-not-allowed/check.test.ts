import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'images from account ECR, public ECR and registry.k8s.io',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/migrate:1.4.0
      containers:
        - name: web
          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web@sha256:${'b'.repeat(64)}
        - name: proxy
          image: public.ecr.aws/nginx/nginx:1.27
        - name: pause
          image: registry.k8s.io/pause:3.9
`,
    },
    {
      name: 'a configured allow-list with a port and a repository prefix',
      options: { allowedRegistries: ['registry.corp.example:5000', 'docker.io/bitnami'] },
      yaml: `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: cache, namespace: shop }
spec:
  template:
    spec:
      containers:
        - { name: redis, image: bitnami/redis:7.2 }
        - { name: exporter, image: registry.corp.example:5000/obs/redis-exporter:1.6 }
`,
    },
  ],
  fail: [
    {
      name: 'Docker Hub image without a registry, and GHCR in an init container',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      initContainers:
        - name: fetch
          image: ghcr.io/acme/fetcher:0.3
      containers:
        - name: web
          image: nginx:1.27
        - name: sidecar
          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/sidecar:2
`,
      expect: [
        {
          resource: 'Deployment/shop/web',
          container: 'fetch',
          path: 'spec.template.spec.initContainers[0].image',
          message: 'pulls "ghcr.io/acme/fetcher:0.3" from ghcr.io,',
        },
        {
          resource: 'Deployment/shop/web',
          container: 'web',
          path: 'spec.template.spec.containers[0].image',
          message: 'from docker.io (implied)',
        },
      ],
    },
    {
      name: 'look-alike hosts and prefixes are not allowed',
      options: { allowedRegistries: ['public.ecr.aws', 'docker.io/bitnami'] },
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: ops }
spec:
  containers:
    - { name: a, image: public.ecr.aws.attacker.io/eks/coredns:v1 }
    - { name: b, image: bitnamilegacy/redis:7 }
    - { name: c, image: public.ecr.aws/eks/coredns:v1.11.1 }
  ephemeralContainers:
    - { name: shell, image: docker.io/library/busybox }
`,
      expect: [
        { resource: 'Pod/ops/debug', container: 'a', path: 'spec.containers[0].image' },
        { resource: 'Pod/ops/debug', container: 'b', path: 'spec.containers[1].image', message: 'docker.io (implied)' },
        { resource: 'Pod/ops/debug', container: 'shell', path: 'spec.ephemeralContainers[0].image', message: 'from docker.io,' },
      ],
    },
    {
      name: 'an empty allow-list allows nothing',
      options: { allowedRegistries: [] },
      yaml: `
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: ops }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{ name: report, image: public.ecr.aws/acme/report:1 }]
`,
      expect: [
        {
          resource: 'CronJob/ops/report',
          container: 'report',
          path: 'spec.jobTemplate.spec.template.spec.containers[0].image',
          message: '(none)',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'an unrendered template image',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: web, image: "{{ .Values.image }}" }]
`,
      expect: [{ resource: 'Deployment/shop/web', container: 'web', path: 'spec.template.spec.containers[0].image', message: 'cannot read image' }],
    },
  ],
});
