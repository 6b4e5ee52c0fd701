import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const controller = (image: string): string => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ingress-nginx-controller, namespace: ingress-nginx }
spec:
  template:
    metadata: { labels: { app.kubernetes.io/name: ingress-nginx } }
    spec:
      containers:
        - name: controller
          image: ${image}
          args: [/nginx-ingress-controller, --configmap=$(POD_NAMESPACE)/ingress-nginx-controller]
`;

describeCheck(check, {
  pass: [
    {
      name: 'Ingress without snippets, snippets on an ALB Ingress, snippets refused by the ConfigMap',
      options: { reportRetired: false },
      yaml: `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: { nginx.ingress.kubernetes.io/rewrite-target: / }
spec: { ingressClassName: nginx, rules: [] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: alb
  namespace: shop
  annotations: { nginx.ingress.kubernetes.io/server-snippet: "return 200;" }
spec: { ingressClassName: alb, rules: [] }
---
${controller('registry.k8s.io/ingress-nginx/controller:v1.14.4@sha256:f8c7959ed0cc0c1dd6060f291fc50ccaf27a5497d182bbb6bc4ffed943616f23')}
`,
    },
    {
      name: 'snippet annotation inert because the controller refuses snippets',
      options: { reportRetired: false },
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: ingress-nginx-controller, namespace: ingress-nginx }
data: { allow-snippet-annotations: "false" }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: { nginx.ingress.kubernetes.io/configuration-snippet: "more_set_headers 'X: y';" }
spec: { ingressClassName: nginx, rules: [] }
`,
    },
  ],
  fail: [
    {
      name: 'snippet annotations and a ConfigMap allowing them',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: ingress-nginx-controller, namespace: ingress-nginx }
data: { allow-snippet-annotations: "true", use-forwarded-headers: "true" }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    kubernetes.io/ingress.class: nginx
    nginx.ingress.kubernetes.io/configuration-snippet: "more_set_headers 'X-Frame-Options: DENY';"
    nginx.ingress.kubernetes.io/server-snippet: "location /debug { return 200; }"
spec: { rules: [] }
`,
      expect: [
        { resource: 'ConfigMap/ingress-nginx/ingress-nginx-controller', path: 'data.allow-snippet-annotations' },
        {
          resource: 'Ingress/shop/web',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/configuration-snippet"]',
          message: 'Ingress sets nginx.ingress.kubernetes.io/configuration-snippet',
        },
        { resource: 'Ingress/shop/web', path: 'metadata.annotations["nginx.ingress.kubernetes.io/server-snippet"]' },
      ],
    },
    {
      name: 'controller affected by IngressNightmare',
      yaml: controller('registry.k8s.io/ingress-nginx/controller:v1.11.3@sha256:d56f135b6462cfc476447cfe564b83a45e8bb7da2774963b00d12161112270b7'),
      expect: [
        {
          resource: 'Deployment/ingress-nginx/ingress-nginx-controller',
          container: 'controller',
          path: 'spec.template.spec.containers[0].image',
          severity: 'high',
          message: /runs ingress-nginx 1\.11\.3, affected by CVE-2025-1974\/.*IngressNightmare.*CVE-2026-24512.*CVE-2026-3288.*retired in March 2026/,
        },
      ],
    },
    {
      name: 'unaffected but retired controller, and one whose tag has no version',
      yaml: `${controller('registry.k8s.io/ingress-nginx/controller:v1.15.1')}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: edge, namespace: ingress-nginx }
spec:
  template:
    metadata: { labels: { app: edge } }
    spec: { containers: [{ name: nginx, image: "registry.k8s.io/ingress-nginx/controller@sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1" }] }
`,
      expect: [
        { resource: 'Deployment/ingress-nginx/ingress-nginx-controller', severity: 'medium', message: 'runs ingress-nginx 1.15.1: the ingress-nginx project was retired' },
        { resource: 'DaemonSet/ingress-nginx/edge', container: 'nginx', severity: 'medium', message: /version not in the tag/ },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'version unknown and retirement not reported',
      options: { reportRetired: false },
      yaml: controller('registry.k8s.io/ingress-nginx/controller:latest'),
      expect: [{ container: 'controller', message: /whose version the tag does not tell/ }],
    },
  ],
});
