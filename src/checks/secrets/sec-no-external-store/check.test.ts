import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const kubeSystem = `
apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
`;

const appSecret = `
apiVersion: v1
kind: Secret
metadata: { name: db-credentials, namespace: shop }
type: Opaque
---
apiVersion: v1
kind: Secret
metadata: { name: builder-token, namespace: shop, annotations: { kubernetes.io/service-account.name: builder } }
type: kubernetes.io/service-account-token
`;

describeCheck(check, {
  pass: [
    {
      name: 'External Secrets CRD installed',
      yaml: `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: externalsecrets.external-secrets.io }
spec: { group: external-secrets.io }
`,
    },
    {
      name: 'a SecretProviderClass in partial manifests',
      yaml: `
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata: { name: db, namespace: shop }
spec:
  provider: aws
  parameters:
    objects: |
      - objectName: "prod/db"
        objectType: "secretsmanager"
`,
    },
    {
      name: 'a workload mounting a Secrets Store CSI volume',
      yaml: `${kubeSystem}
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: api, image: api:1.0 }]
      volumes:
        - name: secrets
          csi: { driver: secrets-store.csi.k8s.io, readOnly: true, volumeAttributes: { secretProviderClass: db } }
`,
    },
  ],
  fail: [
    {
      name: 'whole-cluster dump without any external store',
      yaml: `${kubeSystem}
---${appSecret}`,
      expect: [{ resource: 'Cluster/cluster', severity: 'info', message: '1 application Secret(s) exist only in the cluster' }],
    },
  ],
  notEvaluated: [
    {
      name: 'partial manifests',
      yaml: appSecret,
      expect: [{ message: 'do not show the whole cluster' }],
    },
    {
      name: 'CRDs could not be listed',
      source: { type: 'cluster' },
      errors: [
        {
          source: 'kubernetes',
          operation: 'list',
          resource: 'apiextensions.k8s.io/v1/customresourcedefinitions',
          code: 403,
          message: 'forbidden',
        },
      ],
      yaml: appSecret,
      expect: [{ message: 'listing customresourcedefinitions.apiextensions.k8s.io failed (403)' }],
    },
  ],
});
