import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'EKS add-ons, a Helm-installed controller, pods of an absent DaemonSet and a static pod',
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: aws-node, namespace: kube-system, labels: { k8s-app: aws-node } }
spec:
  template:
    spec:
      containers: [{ name: aws-node, image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.2 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: coredns, namespace: kube-system }
spec:
  template:
    spec:
      containers: [{ name: coredns, image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.11.1 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ebs-csi-controller, namespace: kube-system }
spec:
  template:
    spec:
      containers: [{ name: ebs-plugin, image: public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.31.0 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: lbc, namespace: kube-system, labels: { app.kubernetes.io/name: aws-load-balancer-controller } }
spec:
  template:
    spec:
      containers: [{ name: controller, image: public.ecr.aws/eks/aws-load-balancer-controller:v2.8.1 }]
---
apiVersion: v1
kind: Pod
metadata:
  name: kube-proxy-x2c4v
  namespace: kube-system
  ownerReferences: [{ apiVersion: apps/v1, kind: DaemonSet, name: kube-proxy, controller: true }]
spec:
  containers: [{ name: kube-proxy, image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/kube-proxy:v1.30.0 }]
---
apiVersion: v1
kind: Pod
metadata:
  name: haproxy-ip-10-0-1-5
  namespace: kube-system
  annotations: { kubernetes.io/config.mirror: "0f3c" }
spec:
  containers: [{ name: haproxy, image: haproxy:2.9 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: web, image: ghcr.io/acme/web:1 }]
`,
    },
    {
      name: 'a platform component added by configuration',
      options: { additionalSystemComponents: ['acme-node-agent*'] },
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: acme-node-agent-v2, namespace: kube-system }
spec:
  template:
    spec:
      containers: [{ name: agent, image: ghcr.io/acme/node-agent:2 }]
`,
    },
  ],
  fail: [
    {
      name: 'an application and a cron job deployed into kube-system',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: billing-api, namespace: kube-system, labels: { app: billing-api } }
spec:
  template:
    metadata: { labels: { app: billing-api } }
    spec:
      containers: [{ name: api, image: ghcr.io/acme/billing:3 }]
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: cleanup, namespace: kube-system }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{ name: cleanup, image: bitnami/kubectl:1.30 }]
`,
      expect: [
        {
          resource: 'Deployment/kube-system/billing-api',
          path: 'metadata.namespace',
          message: 'Deployment "billing-api" runs in kube-system but is not a known platform component',
        },
        { resource: 'CronJob/kube-system/cleanup', path: 'metadata.namespace' },
      ],
    },
    {
      name: 'a replaced component list no longer knows coredns',
      options: { systemComponents: ['aws-node'] },
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: coredns, namespace: kube-system }
spec:
  template:
    spec:
      containers: [{ name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.1 }]
`,
      expect: [{ resource: 'Deployment/kube-system/coredns', path: 'metadata.namespace' }],
    },
  ],
});
