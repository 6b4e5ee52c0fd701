import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'ALL dropped on every container, any case',
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
        - name: migrate
          image: shop/migrate:2.1
          securityContext: { capabilities: { drop: [all] } }
      containers:
        - name: web
          image: nginx:1.27
          securityContext: { capabilities: { drop: [ALL], add: [NET_BIND_SERVICE] } }
`,
    },
  ],
  fail: [
    {
      name: 'no securityContext, no capabilities, and a partial drop list',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: shop/api:3.2
        - name: metrics
          image: prom/statsd-exporter:v0.27.1
          securityContext: { runAsNonRoot: true }
        - name: proxy
          image: envoyproxy/envoy:v1.31
          securityContext: { capabilities: { drop: [NET_RAW, MKNOD] } }
`,
      expect: [
        { resource: 'Deployment/shop/api', container: 'api', path: 'spec.template.spec.containers[0].securityContext.capabilities.drop' },
        { resource: 'Deployment/shop/api', container: 'metrics', path: 'spec.template.spec.containers[1].securityContext.capabilities.drop' },
        {
          resource: 'Deployment/shop/api',
          container: 'proxy',
          path: 'spec.template.spec.containers[2].securityContext.capabilities.drop',
          message: 'drops only NET_RAW, MKNOD',
        },
      ],
    },
  ],
});
