import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'a Helm 3 world: no Tiller, and images merely named like it',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop, labels: { app: helm } }
spec:
  template:
    metadata: { labels: { app: web, name: tiller-docs } }
    spec:
      containers:
        - { name: web, image: ghcr.io/acme/tiller-dashboard:1.0 }
        - { name: docs, image: ghcr.io/tiller/docs:2 }
`,
    },
  ],
  fail: [
    {
      name: 'the Deployment helm init created',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: tiller-deploy
  namespace: kube-system
  labels: { app: helm, name: tiller }
spec:
  template:
    metadata: { labels: { app: helm, name: tiller } }
    spec:
      serviceAccountName: tiller
      containers:
        - name: tiller
          image: gcr.io/kubernetes-helm/tiller:v2.16.12
          ports: [{ containerPort: 44134, name: tiller }]
`,
      expect: [
        {
          resource: 'Deployment/kube-system/tiller-deploy',
          container: 'tiller',
          path: 'spec.template.spec.containers[0].image',
          message: 'runs Helm v2 Tiller ("gcr.io/kubernetes-helm/tiller:v2.16.12")',
        },
      ],
    },
    {
      name: 'Tiller from a mirror, found by its labels only',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: helm-server, namespace: platform }
spec:
  template:
    metadata: { labels: { app: helm, name: tiller } }
    spec:
      containers: [{ name: server, image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/helm-server:2.17 }]
`,
      expect: [
        {
          resource: 'Deployment/platform/helm-server',
          path: 'spec.template.metadata.labels.name',
          message: 'Deployment "helm-server" carries the Tiller labels',
        },
      ],
    },
    {
      name: 'Tiller image in a ReplicaSet whose Deployment is not in the input',
      yaml: `
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: tiller-deploy-7f9c
  namespace: kube-system
  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: tiller-deploy, controller: true }]
spec:
  template:
    spec:
      containers: [{ name: tiller, image: ghcr.io/helm/tiller:v2.17.0 }]
`,
      expect: [{ resource: 'ReplicaSet/kube-system/tiller-deploy-7f9c', container: 'tiller', path: 'spec.template.spec.containers[0].image' }],
    },
  ],
});
