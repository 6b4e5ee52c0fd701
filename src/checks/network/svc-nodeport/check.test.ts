import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'ClusterIP, headless and LoadBalancer Services',
      yaml: `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: shop }
spec: { clusterIP: None, selector: { app: db }, ports: [{ port: 5432 }] }
---
apiVersion: v1
kind: Service
metadata: { name: edge, namespace: shop }
spec: { type: LoadBalancer, selector: { app: edge }, ports: [{ port: 443 }] }
`,
    },
  ],
  fail: [
    {
      name: 'NodePort with a fixed and an allocated node port',
      yaml: `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  type: NodePort
  selector: { app: web }
  ports: [{ port: 80, nodePort: 30080 }, { port: 443 }]
`,
      expect: [
        {
          resource: 'Service/shop/web',
          path: 'spec.type',
          message: 'Service exposes 80 as node port 30080, 443 on an allocated node port on every node',
        },
      ],
    },
  ],
});
