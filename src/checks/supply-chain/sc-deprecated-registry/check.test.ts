import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'registry.k8s.io, other gcr.io paths and Docker Hub',
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-agent, namespace: ops }
spec:
  template:
    spec:
      containers:
        - { name: proxy, image: registry.k8s.io/kube-proxy:v1.30.2 }
        - { name: distroless, image: gcr.io/distroless/static:nonroot }
        - { name: look-alike, image: example.com/k8s.gcr.io/pause:3.2 }
        - { name: hub, image: nginx:1.27 }
`,
    },
  ],
  fail: [
    {
      name: 'k8s.gcr.io in a container and gcr.io/google_containers in an init container',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ingress, namespace: ingress-nginx }
spec:
  template:
    spec:
      initContainers:
        - name: wait
          image: gcr.io/google_containers/busybox:1.24
      containers:
        - name: controller
          image: k8s.gcr.io/ingress-nginx/controller:v1.2.1@sha256:${'c'.repeat(64)}
        - name: metrics
          image: registry.k8s.io/metrics-server/metrics-server:v0.7.1
`,
      expect: [
        {
          resource: 'Deployment/ingress-nginx/ingress',
          container: 'wait',
          path: 'spec.template.spec.initContainers[0].image',
          message: 'use "registry.k8s.io/busybox:1.24" instead',
        },
        {
          resource: 'Deployment/ingress-nginx/ingress',
          container: 'controller',
          path: 'spec.template.spec.containers[0].image',
          message: `from the frozen k8s.gcr.io; use "registry.k8s.io/ingress-nginx/controller:v1.2.1@sha256:${'c'.repeat(64)}"`,
        },
      ],
    },
    {
      name: 'untagged image on a naked pod',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: dns-debug, namespace: default }
spec:
  containers: [{ name: dnsutils, image: k8s.gcr.io/e2e-test-images/jessie-dnsutils }]
`,
      expect: [
        {
          resource: 'Pod/default/dns-debug',
          container: 'dnsutils',
          path: 'spec.containers[0].image',
          message: 'use "registry.k8s.io/e2e-test-images/jessie-dnsutils" instead',
        },
      ],
    },
  ],
});
