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
      // The fix edits only the container's lines: comments, the anchored labels and their alias,
      // quoting and the flow-style sidecar stay as they are (describeCheck checks every line).
      name: 'Helm-style output with comments, anchors and flow style',
      yaml: `
# Source: shop/templates/worker.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker   # queue consumer
  namespace: shop
  labels: &labels { app: worker, tier: "backend" }
spec:
  selector:
    matchLabels: *labels
  template:
    metadata: { labels: { app: worker, tier: "backend" } }
    spec:
      containers:
      - name: worker
        image: "shop/worker:1.4"   # pinned

        securityContext:
          readOnlyRootFilesystem: true
      - { name: sidecar, image: envoyproxy/envoy:v1.31, securityContext: { capabilities: { drop: [NET_RAW] } } }
`,
      expect: [
        { resource: 'Deployment/shop/worker', container: 'worker' },
        { resource: 'Deployment/shop/worker', container: 'sidecar', message: 'drops only NET_RAW' },
      ],
    },
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
