import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const WEB = `
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
      name: 'policies that select the workload, and namespace-wide ones in an empty namespace',
      yaml: `${WEB}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: shop }
spec: { podSelector: { matchLabels: { app: web } } }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: empty }
spec: { podSelector: {} }
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: web }
spec:
  endpointSelector: { matchExpressions: [{ key: 'k8s:app', operator: Exists }] }
  ingress: [{}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: everything }
spec: { selector: all(), types: [Ingress] }
`,
    },
  ],
  fail: [
    {
      name: 'stale labels, another namespace, and a policy that only matches host-network pods',
      yaml: `${WEB}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: shop }
spec:
  template:
    metadata: { labels: { app: agent } }
    spec: { hostNetwork: true, containers: [{ name: a, image: agent }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: old, namespace: shop }
spec: { podSelector: { matchLabels: { app: web-v1 } } }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: tools }
spec: { podSelector: { matchLabels: { app: web } } }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: agent, namespace: shop }
spec: { podSelector: { matchLabels: { app: agent } } }
`,
      expect: [
        { resource: 'NetworkPolicy/shop/old', path: 'spec.podSelector', message: 'NetworkPolicy shop/old selects no pod: no pod template in namespace "shop"' },
        { resource: 'NetworkPolicy/tools/web', path: 'spec.podSelector' },
        { resource: 'NetworkPolicy/shop/agent', path: 'spec.podSelector' },
      ],
    },
    {
      name: 'Cilium specs entry and Calico global policy selecting nothing',
      yaml: `${WEB}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: api, namespace: shop }
specs:
  - endpointSelector: { matchLabels: { app: api } }
    ingress: [{}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: db }
spec: { selector: "app in {'db', 'cache'}", types: [Ingress] }
`,
      expect: [
        { resource: 'CiliumNetworkPolicy/shop/api', path: 'specs[0].endpointSelector' },
        { resource: 'GlobalNetworkPolicy/db', path: 'spec.selector', message: 'Calico GlobalNetworkPolicy db selects no pod: no pod template in the cluster' },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'a Calico selector outside the supported syntax',
      yaml: `${WEB}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: odd, namespace: shop }
spec: { selector: "app =~ 'w.*'" }
`,
      expect: [{ resource: 'NetworkPolicy/shop/odd', message: /is not supported/ }],
    },
    {
      name: 'workloads could not be listed',
      yaml: WEB,
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'apps/v1/deployments', message: 'forbidden' }],
    },
  ],
});
