import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const NAMESPACES = `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
`;

const SHOP_POD = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
`;

describeCheck(check, {
  pass: [
    {
      name: 'a Kubernetes NetworkPolicy in the namespace (system namespaces skipped)',
      yaml: `${NAMESPACES}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-all, namespace: shop }
spec: { podSelector: {} }
`,
    },
    {
      name: 'a Calico GlobalNetworkPolicy selecting the namespace',
      yaml: `${NAMESPACES}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: default-deny }
spec:
  selector: projectcalico.org/namespace not in {'kube-system'}
  types: [Ingress, Egress]
`,
    },
    {
      name: 'a clusterwide Cilium policy selecting a pod of the namespace',
      yaml: `${NAMESPACES}
---
${SHOP_POD}
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: web }
spec:
  endpointSelector: { matchLabels: { app: web } }
  ingress: [{ fromEntities: [cluster] }]
`,
    },
    {
      name: 'an excluded namespace',
      options: { excludeNamespaces: ['shop'] },
      yaml: `${NAMESPACES}
---
apiVersion: v1
kind: Namespace
metadata: { name: tools }
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: tools, namespace: tools }
spec: { endpointSelector: {}, ingress: [{}] }
`,
    },
  ],
  fail: [
    {
      name: 'namespaces without policies, whether declared or only implied by an object',
      yaml: `${NAMESPACES}
---
${SHOP_POD}
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: billing }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: other, namespace: tools }
spec: { podSelector: {} }
`,
      expect: [
        { resource: 'Namespace/shop', message: 'Namespace "shop" has no network policy' },
        { resource: 'Namespace/billing' },
      ],
    },
    {
      name: 'a cluster-wide policy that selects nothing there, and one that cannot be evaluated',
      yaml: `${NAMESPACES}
---
${SHOP_POD}
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: api-only }
spec:
  endpointSelector: { matchLabels: { app: api } }
  ingress: [{}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: regex }
spec: { selector: "app =~ 'web'" }
`,
      expect: [{ resource: 'Namespace/shop', message: /not counted.*Calico GlobalNetworkPolicy regex/ }],
    },
  ],
  notEvaluated: [
    {
      name: 'network policies could not be listed',
      yaml: NAMESPACES,
      errors: [
        { source: 'kubernetes', operation: 'list', resource: 'networking.k8s.io/v1/networkpolicies', code: 403, message: 'forbidden' },
      ],
      expect: [{ resource: 'Cluster/cluster', message: /networkpolicies \(403\)/ }],
    },
  ],
});
