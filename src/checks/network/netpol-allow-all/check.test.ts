import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'restricted peers, port-restricted wide rules, and egress rules ignored by policyTypes',
      yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: shop }
spec:
  podSelector: { matchLabels: { app: web } }
  policyTypes: [Ingress]
  ingress:
    - from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ingress } } }]
    - from: [{ ipBlock: { cidr: 0.0.0.0/0 } }]
      ports: [{ port: 443 }]
    - from: [{ ipBlock: { cidr: 0.0.0.0/0, except: [10.0.0.0/8] } }]
  egress: [{}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: web, namespace: shop }
spec:
  endpointSelector: {}
  egress:
    - toEntities: [world]
      toPorts: [{ ports: [{ port: "443", protocol: TCP }] }]
    - toEntities: [kube-apiserver]
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: web, namespace: shop }
spec:
  selector: all()
  ingress: [{ action: Allow, protocol: TCP, destination: { ports: [443] } }]
  egress: [{ action: Deny }]
`,
    },
  ],
  fail: [
    {
      name: 'Kubernetes: empty rule, every namespace, and 0.0.0.0/0 peers',
      yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: wide, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress:
    - {}
    - from:
        - podSelector: { matchLabels: { app: api } }
        - namespaceSelector: {}
    - from: [{ namespaceSelector: { matchExpressions: [{ key: kubernetes.io/metadata.name, operator: Exists }] }, podSelector: {} }]
  egress:
    - to: [{ ipBlock: { cidr: "::/0" } }]
`,
      expect: [
        { resource: 'NetworkPolicy/shop/wide', path: 'spec.ingress[0]', message: 'NetworkPolicy shop/wide has an Ingress rule that allows all traffic on every port' },
        { path: 'spec.ingress[1].from[1]', message: 'every pod in every namespace' },
        { path: 'spec.ingress[2].from[0]' },
        { path: 'spec.egress[0].to[0]', message: 'Egress rule that allows every address (::/0)' },
      ],
    },
    {
      name: 'Cilium world/all entities and Calico unrestricted Allow',
      yaml: `
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: open }
specs:
  - endpointSelector: { matchLabels: { app: web } }
    ingress: [{ fromEntities: [cluster, world] }]
    egress: [{ toCIDRSet: [{ cidr: 0.0.0.0/0 }] }]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: open }
spec:
  selector: all()
  types: [Ingress, Egress]
  ingress: [{ action: Allow, source: { namespaceSelector: all() } }]
  egress: [{ action: Allow }]
`,
      expect: [
        { resource: 'CiliumClusterwideNetworkPolicy/open', path: 'specs[0].ingress[0].fromEntities[1]', message: 'entity "world"' },
        { resource: 'CiliumClusterwideNetworkPolicy/open', path: 'specs[0].egress[0].toCIDRSet[0]' },
        { resource: 'GlobalNetworkPolicy/open', path: 'spec.ingress[0]', message: 'every pod in every namespace' },
        { resource: 'GlobalNetworkPolicy/open', path: 'spec.egress[0]', message: 'allows all traffic' },
      ],
    },
  ],
});
