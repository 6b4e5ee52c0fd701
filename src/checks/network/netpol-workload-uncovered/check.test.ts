import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const WEB = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    metadata: { labels: { app: web, tier: front } }
    spec: { containers: [{ name: web, image: nginx }] }
`;

describeCheck(check, {
  pass: [
    {
      name: 'selected for both directions by an empty podSelector with explicit policyTypes',
      yaml: `${WEB}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: shop }
spec: { podSelector: {}, policyTypes: [Ingress, Egress] }
`,
    },
    {
      name: 'Ingress by matchExpressions, Egress by a Calico global policy',
      yaml: `${WEB}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: front, namespace: shop }
spec:
  podSelector: { matchExpressions: [{ key: tier, operator: In, values: [front, edge] }] }
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ingress } } }] }]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: egress }
spec: { selector: "has(app)", types: [Egress] }
`,
    },
    {
      name: 'host-network pods and system namespaces are not targets; a CronJob covered by Cilium',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: metrics-server, namespace: kube-system }
spec:
  template:
    metadata: { labels: { app: metrics-server } }
    spec: { containers: [{ name: m, image: metrics-server }] }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: shop }
spec:
  template:
    metadata: { labels: { app: agent } }
    spec: { hostNetwork: true, containers: [{ name: agent, image: agent }] }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: shop }
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata: { labels: { job: report } }
        spec: { restartPolicy: Never, containers: [{ name: r, image: report }] }
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: report, namespace: shop }
spec:
  endpointSelector: { matchLabels: { job: report } }
  ingress: [{}]
  egress: [{ toEntities: [kube-apiserver] }]
`,
    },
  ],
  fail: [
    {
      name: 'policyTypes default leaves Egress uncovered',
      yaml: `${WEB}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: front, namespace: shop }
spec:
  podSelector: { matchLabels: { app: web } }
  ingress: [{ from: [{ podSelector: {} }] }]
`,
      expect: [
        {
          resource: 'Deployment/shop/web',
          path: 'spec.template.metadata.labels',
          message: 'for Egress: it may connect to any pod or address',
        },
      ],
    },
    {
      name: 'a policy in another namespace, a NotIn that excludes it, and an Egress-only Cilium rule with default deny off',
      yaml: `${WEB}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: all, namespace: other }
spec: { podSelector: {}, policyTypes: [Ingress, Egress] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: not-front, namespace: shop }
spec:
  podSelector: { matchExpressions: [{ key: tier, operator: NotIn, values: [front] }] }
  policyTypes: [Ingress, Egress]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: audit, namespace: shop }
spec:
  endpointSelector: {}
  egress: [{ toEntities: [world] }]
  enableDefaultDeny: { egress: false }
`,
      expect: [
        {
          resource: 'Deployment/shop/web',
          path: 'spec.template.metadata.labels',
          message: 'for Ingress and Egress: it accepts connections from any pod or address, and it may connect to any pod or address',
        },
      ],
    },
    {
      name: 'a bare Pod without labels, with an unsupported Calico selector named',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: shop }
spec: { containers: [{ name: sh, image: busybox }] }
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: odd, namespace: shop }
spec: { selector: "global()", types: [Ingress, Egress] }
`,
      options: { directions: ['Egress'] },
      expect: [{ resource: 'Pod/shop/debug', path: 'metadata', message: /for Egress:.*Calico NetworkPolicy shop\/odd/ }],
    },
  ],
});
