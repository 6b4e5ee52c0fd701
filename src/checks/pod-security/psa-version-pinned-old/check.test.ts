import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'latest, unpinned, recent pins, and pins that enforce nothing',
      yaml: `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: { pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/enforce-version: latest }
---
apiVersion: v1
kind: Namespace
metadata: { name: payments, labels: { pod-security.kubernetes.io/enforce: baseline } }
---
apiVersion: v1
kind: Namespace
metadata:
  name: search
  labels: { pod-security.kubernetes.io/enforce: baseline, pod-security.kubernetes.io/enforce-version: v1.33 }
---
apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  labels: { pod-security.kubernetes.io/enforce: privileged, pod-security.kubernetes.io/enforce-version: v1.24 }
---
apiVersion: v1
kind: Namespace
metadata:
  name: batch
  labels: { pod-security.kubernetes.io/warn: restricted, pod-security.kubernetes.io/warn-version: v1.22 }
`,
    },
  ],
  fail: [
    {
      name: 'enforce pinned to v1.25 lists what it misses',
      yaml: `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: v1.25
`,
      expect: [
        {
          resource: 'Namespace/shop',
          path: 'metadata.labels["pod-security.kubernetes.io/enforce-version"]',
          message: /pins enforce-version v1\.25 \(older than v1\.30\); it misses: .*host in probes and lifecycle hooks \(v1\.34\)/,
        },
      ],
    },
    {
      name: 'a stricter minimum from configuration',
      options: { minimumVersion: 'v1.34' },
      yaml: `
apiVersion: v1
kind: Namespace
metadata:
  name: search
  labels: { pod-security.kubernetes.io/enforce: baseline, pod-security.kubernetes.io/enforce-version: v1.33 }
`,
      expect: [{ resource: 'Namespace/search', message: 'older than v1.34' }],
    },
  ],
  notEvaluated: [
    {
      name: 'a minimum that is not a version',
      options: { minimumVersion: '1.30' },
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { pod-security.kubernetes.io/enforce: baseline } }
`,
      expect: [{ resource: 'Namespace/shop', message: 'not a policy version' }],
    },
  ],
});
