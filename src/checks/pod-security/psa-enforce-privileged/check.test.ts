import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'baseline, restricted and unlabelled namespaces; privileged kube-system is exempt',
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { pod-security.kubernetes.io/enforce: baseline } }
---
apiVersion: v1
kind: Namespace
metadata: { name: payments, labels: { pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/warn: privileged } }
---
apiVersion: v1
kind: Namespace
metadata: { name: scratch }
---
apiVersion: v1
kind: Namespace
metadata: { name: kube-system, labels: { pod-security.kubernetes.io/enforce: privileged } }
`,
    },
  ],
  fail: [
    {
      name: 'app namespace enforcing privileged',
      yaml: `
apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  labels:
    pod-security.kubernetes.io/enforce: privileged
    pod-security.kubernetes.io/enforce-version: latest
`,
      expect: [
        {
          resource: 'Namespace/legacy',
          path: 'metadata.labels["pod-security.kubernetes.io/enforce"]',
          message: 'enforces the privileged level',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'namespace without its Namespace object',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: legacy }
data: { mode: fast }
`,
    },
  ],
});
