import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'container ports only, hostPort 0, and hostNetwork pods (hostPort mirrors containerPort)',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1
          ports: [{ containerPort: 8080 }, { containerPort: 9090, hostPort: 0 }]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-exporter, namespace: monitoring }
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: exporter
          image: quay.io/prometheus/node-exporter:v1.8.1
          ports: [{ containerPort: 9100, hostPort: 9100 }]
`,
    },
  ],
  fail: [
    {
      name: 'an ingress controller on host ports 80/443 and a UDP port in an init container',
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: ingress, namespace: ingress-nginx }
spec:
  template:
    spec:
      initContainers:
        - name: probe
          image: busybox:1.36
          ports: [{ containerPort: 5353, hostPort: 5353, protocol: UDP }]
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.10.1
          ports:
            - { name: http, containerPort: 80, hostPort: 80 }
            - { name: https, containerPort: 443, hostPort: 8443 }
            - { name: metrics, containerPort: 10254 }
`,
      expect: [
        {
          resource: 'DaemonSet/ingress-nginx/ingress',
          container: 'probe',
          path: 'spec.template.spec.initContainers[0].ports[0].hostPort',
          message: 'binds host port 5353/UDP (container port 5353)',
        },
        {
          resource: 'DaemonSet/ingress-nginx/ingress',
          container: 'controller',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
          message: 'Container "controller" binds host port 80/TCP',
        },
        {
          resource: 'DaemonSet/ingress-nginx/ingress',
          container: 'controller',
          path: 'spec.template.spec.containers[0].ports[1].hostPort',
          message: 'host port 8443/TCP (container port 443)',
        },
      ],
    },
    {
      name: 'a debugging pod that forwards a node port without hostNetwork',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: pprof, namespace: ops }
spec:
  containers:
    - { name: app, image: ghcr.io/acme/app:1, ports: [{ containerPort: 6060, hostPort: 6060 }] }
`,
      expect: [{ resource: 'Pod/ops/pprof', container: 'app', path: 'spec.containers[0].ports[0].hostPort', message: 'host port 6060/TCP' }],
    },
  ],
});
