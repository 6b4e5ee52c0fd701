import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const now = { now: '2026-11-27T10:00:00Z' };

describeCheck(check, {
  pass: [
    {
      name: 'data updated last month by its owning manager',
      options: now,
      yaml: `
apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: shop
  creationTimestamp: "2025-01-10T08:00:00Z"
  managedFields:
    - { manager: kubectl-client-side-apply, operation: Update, time: "2025-01-10T08:00:00Z", fieldsType: FieldsV1, fieldsV1: { "f:metadata": {} } }
    - { manager: rotate-job, operation: Update, time: "2026-10-30T02:00:00Z", fieldsType: FieldsV1, fieldsV1: { "f:data": { "f:password": {} } } }
type: Opaque
`,
    },
    {
      name: 'synced by an ExternalSecret with the default refresh; tokens and Helm releases are skipped',
      options: now,
      yaml: `
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: api-keys, namespace: shop }
spec:
  secretStoreRef: { name: aws, kind: ClusterSecretStore }
  target: { name: api-keys-synced }
  data: [{ secretKey: key, remoteRef: { key: prod/api } }]
---
apiVersion: v1
kind: Secret
metadata: { name: api-keys-synced, namespace: shop, creationTimestamp: "2024-01-01T00:00:00Z" }
type: Opaque
---
apiVersion: v1
kind: Secret
metadata: { name: old-token, namespace: shop, creationTimestamp: "2022-01-01T00:00:00Z" }
type: kubernetes.io/service-account-token
---
apiVersion: v1
kind: Secret
metadata: { name: sh.helm.release.v1.shop.v1, namespace: shop, creationTimestamp: "2022-01-01T00:00:00Z" }
type: helm.sh/release.v1
`,
    },
  ],
  fail: [
    {
      name: 'only labels changed recently; the data is over a year old',
      options: now,
      yaml: `
apiVersion: v1
kind: Secret
metadata:
  name: registry-pull
  namespace: shop
  creationTimestamp: "2025-06-01T00:00:00Z"
  managedFields:
    - { manager: kubectl-create, operation: Update, time: "2025-06-01T00:00:00Z", fieldsType: FieldsV1, fieldsV1: { "f:data": { "f:.dockerconfigjson": {} }, "f:type": {} } }
    - { manager: labeler, operation: Apply, time: "2026-11-20T00:00:00Z", fieldsType: FieldsV1, fieldsV1: { "f:metadata": { "f:labels": { "f:team": {} } } } }
type: kubernetes.io/dockerconfigjson
`,
      expect: [
        {
          resource: 'Secret/shop/registry-pull',
          path: 'metadata.managedFields[0].time',
          message: 'Secret "registry-pull" (kubernetes.io/dockerconfigjson) has not changed for 544d 10h (since 2025-06-01), longer than the 90-day',
        },
      ],
    },
    {
      name: 'ExternalSecret created once, and a shorter configured period',
      options: { ...now, maxAgeDays: 30 },
      yaml: `
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: legacy, namespace: shop }
spec:
  refreshPolicy: CreatedOnce
  secretStoreRef: { name: aws, kind: ClusterSecretStore }
---
apiVersion: v1
kind: Secret
metadata: { name: legacy, namespace: shop, creationTimestamp: "2026-09-01T00:00:00Z" }
type: Opaque
`,
      expect: [
        {
          resource: 'Secret/shop/legacy',
          path: 'metadata.creationTimestamp',
          message: 'longer than the 30-day rotation period; ExternalSecret "legacy" does not refresh it',
        },
      ],
    },
    {
      name: 'ExternalSecret with refresh disabled',
      options: now,
      yaml: `
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata: { name: tls, namespace: web }
spec:
  refreshInterval: "0"
  target: { name: tls-cert }
---
apiVersion: v1
kind: Secret
metadata: { name: tls-cert, namespace: web, creationTimestamp: "2025-01-01T00:00:00Z" }
type: kubernetes.io/tls
`,
      expect: [{ resource: 'Secret/web/tls-cert', message: 'ExternalSecret "tls" does not refresh it' }],
    },
  ],
  notEvaluated: [
    {
      name: 'manifest without timestamps',
      options: now,
      yaml: `
apiVersion: v1
kind: Secret
metadata: { name: db-credentials, namespace: shop }
type: Opaque
stringData: { password: not-shown }
`,
      expect: [{ resource: 'Secret/shop/db-credentials', message: 'age is unknown' }],
    },
  ],
});
