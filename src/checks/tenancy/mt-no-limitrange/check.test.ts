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
      name: 'container defaults and maximum',
      yaml: `${shopNamespace}
---
apiVersion: v1
kind: LimitRange
metadata: { name: defaults, namespace: shop }
spec:
  limits:
    - type: Container
      default: { cpu: 500m, memory: 512Mi }
      defaultRequest: { cpu: 100m, memory: 128Mi }
      max: { memory: 2Gi }
`,
    },
    {
      name: 'pod maximum alone bounds the pods; excluded namespace is skipped',
      options: { excludeNamespaces: ['sandbox'] },
      yaml: `${shopNamespace}
---
apiVersion: v1
kind: Namespace
metadata: { name: sandbox }
---
apiVersion: v1
kind: LimitRange
metadata: { name: pods, namespace: shop }
spec:
  limits:
    - type: Pod
      max: { cpu: "2", memory: 4Gi }
`,
    },
  ],
  fail: [
    {
      name: 'namespace without a LimitRange',
      yaml: shopNamespace,
      expect: [{ resource: 'Namespace/shop', message: 'Namespace "shop" has no LimitRange' }],
    },
    {
      name: 'LimitRange for volume claims only',
      yaml: `${shopNamespace}
---
apiVersion: v1
kind: LimitRange
metadata: { name: storage, namespace: shop }
spec:
  limits:
    - type: PersistentVolumeClaim
      max: { storage: 50Gi }
    - type: Container
      min: { cpu: 10m }
`,
      expect: [{ resource: 'Namespace/shop', path: 'spec.limits', message: 'LimitRange "storage"' }],
    },
  ],
  notEvaluated: [
    {
      name: 'namespace only used by the manifests',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
data: { mode: prod }
`,
      expect: [{ resource: 'Namespace/shop' }],
    },
  ],
});
