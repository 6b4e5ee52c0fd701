import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const shopNamespace = `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
`;

describeCheck(check, {
  pass: [
    {
      name: 'quota capping requests and limits',
      yaml: `${shopNamespace}
---
apiVersion: v1
kind: ResourceQuota
metadata: { name: compute, namespace: shop }
spec:
  hard: { requests.cpu: "4", requests.memory: 8Gi, limits.cpu: "8", limits.memory: 16Gi }
`,
    },
    {
      name: 'one of several quotas caps memory; system namespaces are not tenant namespaces',
      yaml: `${shopNamespace}
---
apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
---
apiVersion: v1
kind: ResourceQuota
metadata: { name: objects, namespace: shop }
spec: { hard: { count/configmaps: "50" } }
---
apiVersion: v1
kind: ResourceQuota
metadata: { name: memory, namespace: shop }
spec: { hard: { memory: 4Gi } }
`,
    },
  ],
  fail: [
    {
      name: 'namespace defined without any quota',
      yaml: `${shopNamespace}
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`,
      expect: [{ resource: 'Namespace/shop', message: 'Namespace "shop" has no ResourceQuota' }],
    },
    {
      name: 'quota on object counts only',
      yaml: `${shopNamespace}
---
apiVersion: v1
kind: ResourceQuota
metadata: { name: objects, namespace: shop }
spec:
  hard: { pods: "20", count/secrets: "30" }
`,
      expect: [{ resource: 'Namespace/shop', path: 'spec.hard', message: 'only pods, count/secrets' }],
    },
    {
      name: 'whole-cluster dump: a namespace only implied by its objects is still evaluated',
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: payments }
spec:
  template:
    spec:
      containers: [{ name: api, image: api:1.0 }]
`,
      expect: [{ resource: 'Namespace/payments' }],
    },
  ],
  notEvaluated: [
    {
      name: 'partial manifests only using a namespace',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: payments }
spec:
  template:
    spec:
      containers: [{ name: api, image: api:1.0 }]
`,
      expect: [{ resource: 'Namespace/payments', message: 'used but not defined in these manifests' }],
    },
    {
      name: 'listing quotas failed in a live cluster',
      source: { type: 'cluster' },
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'v1/resourcequotas', code: 403, message: 'forbidden' }],
      yaml: shopNamespace,
      expect: [{ resource: 'Namespace/shop', message: 'listing resourcequotas failed (403): forbidden' }],
    },
  ],
});
