import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const kubeSystem = `
apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
`;

describeCheck(check, {
  pass: [
    {
      name: 'a Schedule exists (even in partial manifests)',
      yaml: `
apiVersion: velero.io/v1
kind: Schedule
metadata: { name: daily, namespace: velero }
spec:
  schedule: "0 2 * * *"
  template: { includedNamespaces: ["*"] }
`,
    },
  ],
  fail: [
    {
      name: 'whole-cluster dump without any Velero',
      yaml: `${kubeSystem}
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`,
      expect: [{ resource: 'Cluster/cluster', message: 'The cluster has no Velero' }],
    },
    {
      name: 'live cluster with the Velero server but no Schedule',
      source: { type: 'cluster', cluster: 'prod' },
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: velero, namespace: velero }
spec:
  template:
    spec:
      containers: [{ name: velero, image: velero/velero:v1.16.1 }]
`,
      expect: [{ resource: 'Cluster/prod', message: 'Velero is installed but no Schedule exists' }],
    },
  ],
  notEvaluated: [
    {
      name: 'partial manifests: Velero may be installed from another repository',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`,
      expect: [{ message: 'the manifests do not show the whole cluster' }],
    },
    {
      name: 'partial manifests with the Velero CRD but no Schedule',
      yaml: `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: schedules.velero.io }
spec: { group: velero.io }
`,
      expect: [{ message: 'the manifests do not show the whole cluster' }],
    },
    {
      name: 'listing schedules was forbidden',
      source: { type: 'cluster' },
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'velero.io/v1/schedules', code: 403, message: 'forbidden' }],
      yaml: kubeSystem,
      expect: [{ message: 'listing schedules.velero.io failed (403)' }],
    },
  ],
});
