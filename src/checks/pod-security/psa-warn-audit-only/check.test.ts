import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'warn next to enforce, and no PSA label at all (psa-no-enforce-label reports that)',
      yaml: `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/warn: restricted
---
apiVersion: v1
kind: Namespace
metadata: { name: scratch }
`,
    },
  ],
  fail: [
    {
      name: 'warn and audit without enforce',
      yaml: `
apiVersion: v1
kind: Namespace
metadata:
  name: search
  labels:
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/warn-version: latest
    pod-security.kubernetes.io/audit: baseline
`,
      expect: [
        {
          resource: 'Namespace/search',
          path: 'metadata.labels["pod-security.kubernetes.io/warn"]',
          message: 'sets warn=restricted and audit=baseline but no enforce label',
        },
      ],
    },
    {
      name: 'audit only',
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: batch, labels: { pod-security.kubernetes.io/audit: restricted } }
`,
      expect: [{ resource: 'Namespace/batch', path: 'metadata.labels["pod-security.kubernetes.io/audit"]' }],
    },
  ],
});
