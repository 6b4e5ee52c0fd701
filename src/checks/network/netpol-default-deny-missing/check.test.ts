import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const SHOP = `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { tenant: a } }
`;

describeCheck(check, {
  pass: [
    {
      name: 'Kubernetes default deny for both directions',
      yaml: `${SHOP}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: shop }
spec: { podSelector: {}, policyTypes: [Ingress, Egress] }
`,
    },
    {
      name: 'separate Cilium ingress and Calico egress deny-all policies',
      yaml: `${SHOP}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: deny-ingress, namespace: shop }
spec: { endpointSelector: {}, ingress: [{}] }
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: deny-egress, namespace: shop }
spec: { selector: all(), types: [Egress], egress: [{ action: Deny }] }
`,
    },
    {
      name: 'a cluster-wide Calico policy whose selector depends only on the namespace',
      yaml: `${SHOP}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: tenant-deny }
spec:
  selector: pcns.tenant == 'a'
  types: [Ingress, Egress]
`,
    },
    {
      name: 'only Ingress required by option',
      options: { directions: ['Ingress'] },
      yaml: `${SHOP}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: shop }
spec: { podSelector: {} }
`,
    },
  ],
  fail: [
    {
      name: 'ingress-only default deny (policyTypes defaults to Ingress)',
      yaml: `${SHOP}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: shop }
spec: { podSelector: {} }
`,
      expect: [{ resource: 'Namespace/shop', message: 'no default-deny policy for Egress:' }],
    },
    {
      name: 'policies that select all pods but allow traffic, or select only some pods',
      yaml: `${SHOP}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: same-namespace, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress: [{ from: [{ podSelector: {} }] }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web-deny, namespace: shop }
spec:
  podSelector: { matchLabels: { app: web } }
  policyTypes: [Egress]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: web-only }
spec: { selector: "app == 'web'", types: [Ingress, Egress] }
`,
      expect: [{ resource: 'Namespace/shop', message: 'no default-deny policy for Ingress and Egress:' }],
    },
    {
      name: 'a namespace only implied by a workload',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: store }
spec:
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
`,
      expect: [{ resource: 'Namespace/store' }],
    },
  ],
  notEvaluated: [
    {
      name: 'Calico policies could not be listed',
      yaml: SHOP,
      errors: [
        { source: 'kubernetes', operation: 'list', resource: 'crd.projectcalico.org/v1/globalnetworkpolicies', message: 'forbidden' },
      ],
    },
  ],
});
