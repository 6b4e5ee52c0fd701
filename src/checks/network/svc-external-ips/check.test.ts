import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'Services without externalIPs (empty list included)',
      yaml: `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec: { externalIPs: [], selector: { app: api }, ports: [{ port: 80 }] }
`,
    },
  ],
  fail: [
    {
      name: 'a Service claiming an external address',
      yaml: `
apiVersion: v1
kind: Service
metadata: { name: mitm, namespace: dev }
spec:
  selector: { app: proxy }
  ports: [{ port: 443 }]
  externalIPs: [203.0.113.10, 198.51.100.7]
`,
      expect: [
        {
          resource: 'Service/dev/mitm',
          path: 'spec.externalIPs',
          message: 'Service claims external IPs 203.0.113.10, 198.51.100.7',
        },
      ],
    },
  ],
});
