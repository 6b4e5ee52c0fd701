import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'pods owned by an absent ReplicaSet (counted once), a Job and a node (static pod)',
      yaml: `
apiVersion: v1
kind: Pod
metadata:
  name: web-5d8f-abcde
  namespace: shop
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, controller: true }]
spec:
  containers: [{ name: web, image: ghcr.io/acme/web:1 }]
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d8f-fghij
  namespace: shop
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, controller: true }]
spec:
  containers: [{ name: web, image: ghcr.io/acme/web:1 }]
---
apiVersion: v1
kind: Pod
metadata:
  name: etcd-backup-x1
  namespace: ops
  ownerReferences: [{ apiVersion: batch/v1, kind: Job, name: etcd-backup, controller: true }]
spec:
  restartPolicy: Never
  containers: [{ name: backup, image: ghcr.io/acme/backup:1 }]
---
apiVersion: v1
kind: Pod
metadata:
  name: kube-proxy-ip-10-0-1-5
  namespace: kube-system
  annotations: { kubernetes.io/config.mirror: "abc" }
  ownerReferences: [{ apiVersion: v1, kind: Node, name: ip-10-0-1-5, controller: true }]
spec:
  containers: [{ name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.30.2 }]
`,
    },
  ],
  fail: [
    {
      name: 'a kubectl-run debug pod beside a managed deployment',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: shop, labels: { run: debug } }
spec:
  containers: [{ name: debug, image: nicolaka/netshoot:v0.13 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: web, image: ghcr.io/acme/web:1 }]
`,
      expect: [
        {
          resource: 'Pod/shop/debug',
          path: 'metadata.ownerReferences',
          message: 'Pod "debug" has no owner',
        },
      ],
    },
  ],
});
