import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'enforced app namespaces; system namespaces left out',
      yaml: `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: { pod-security.kubernetes.io/enforce: restricted }
---
apiVersion: v1
kind: Namespace
metadata:
  name: monitoring
  labels: { pod-security.kubernetes.io/enforce: privileged }
---
apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
`,
    },
    {
      name: 'a namespace excluded by configuration',
      options: { excludeNamespaces: ['sandbox'] },
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: sandbox }
---
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { pod-security.kubernetes.io/enforce: baseline } }
`,
    },
  ],
  fail: [
    {
      name: 'no labels at all, and warn/audit only',
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: payments }
---
apiVersion: v1
kind: Namespace
metadata:
  name: search
  labels:
    team: search
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/audit: baseline
`,
      expect: [
        { resource: 'Namespace/payments', path: 'metadata.labels', message: 'enforces nothing in it' },
        { resource: 'Namespace/search', path: 'metadata.labels', message: '(only warn=restricted, audit=baseline)' },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'namespace only implied by a workload',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`,
      expect: [{ resource: 'Namespace/shop', message: 'pod-security labels are unknown' }],
    },
  ],
});
