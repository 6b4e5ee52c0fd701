import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const workload = (name: string, namespace: string, labels = '{ app: web }', annotations = '{}'): string => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  template:
    metadata: { labels: ${labels}, annotations: ${annotations} }
    spec: { containers: [{ name: app, image: app:1 }] }
`;

const ISTIO_NS = `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { istio-injection: enabled } }
`;

describeCheck(check, {
  pass: [
    {
      name: 'Istio mesh-wide STRICT in the root namespace; Linkerd-injected namespace; kube-system skipped',
      yaml: `${ISTIO_NS}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: istio-system }
spec: { mtls: { mode: STRICT } }
---
${workload('web', 'shop')}
---
apiVersion: v1
kind: Namespace
metadata: { name: billing, annotations: { linkerd.io/inject: enabled } }
---
${workload('api', 'billing')}
---
${workload('coredns', 'kube-system')}
`,
    },
    {
      name: 'workload-level STRICT overrides namespace PERMISSIVE; App Mesh listener STRICT',
      yaml: `${ISTIO_NS}
---
apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: { name: ns, namespace: shop }
spec: { mtls: { mode: PERMISSIVE } }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: web, namespace: shop }
spec: { selector: { matchLabels: { app: web } }, mtls: { mode: STRICT } }
---
${workload('web', 'shop')}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: { name: orders, namespace: orders }
spec:
  podSelector: { matchLabels: { app: orders } }
  listeners: [{ portMapping: { port: 8080, protocol: http }, tls: { mode: STRICT, certificate: { acm: { certificateARN: arn } } } }]
---
${workload('orders', 'orders', '{ app: orders }')}
`,
    },
  ],
  fail: [
    {
      name: 'no mesh at all: one cluster-level info finding',
      yaml: `${workload('web', 'shop')}\n---\n${workload('api', 'billing')}`,
      expect: [{ resource: 'Cluster/cluster', severity: 'info', message: 'No service mesh' }],
    },
    {
      name: 'Istio default PERMISSIVE, namespace DISABLE, port-level PERMISSIVE, opted-out and unmeshed pods',
      yaml: `${ISTIO_NS}
---
${workload('web', 'shop')}
---
${workload('legacy', 'shop', '{ app: legacy, sidecar.istio.io/inject: "false" }')}
---
apiVersion: v1
kind: Namespace
metadata: { name: pay, labels: { istio.io/rev: stable } }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: "off", namespace: pay }
spec: { mtls: { mode: DISABLE } }
---
${workload('pay', 'pay', '{ app: pay }')}
---
apiVersion: v1
kind: Namespace
metadata: { name: api, labels: { istio-injection: enabled } }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: api, namespace: api }
spec:
  selector: { matchLabels: { app: api } }
  mtls: { mode: STRICT }
  portLevelMtls: { "9090": { mode: PERMISSIVE } }
---
${workload('api', 'api', '{ app: api }')}
`,
      expect: [
        {
          resource: 'Deployment/shop/web',
          message: "Traffic to these pods is not under strict mutual TLS (Istio): no PeerAuthentication sets a mode, so Istio's default PERMISSIVE accepts plain text",
        },
        { resource: 'Deployment/shop/legacy', path: 'spec.template.metadata.labels', message: 'not part of the service mesh' },
        { resource: 'Deployment/pay/pay', path: 'spec.mtls.mode', message: 'namespace PeerAuthentication pay/off sets mTLS mode DISABLE' },
        { resource: 'Deployment/api/api', path: 'spec.portLevelMtls["9090"].mode', message: 'sets port 9090 to PERMISSIVE' },
      ],
    },
    {
      name: 'App Mesh listener without STRICT TLS, Linkerd opt-out on the pod',
      yaml: `
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: { name: orders, namespace: orders }
spec:
  podSelector: { matchLabels: { app: orders } }
  listeners: [{ portMapping: { port: 8080, protocol: http }, tls: { mode: PERMISSIVE } }]
---
${workload('orders', 'orders', '{ app: orders }')}
---
apiVersion: v1
kind: Namespace
metadata: { name: billing, annotations: { linkerd.io/inject: enabled } }
---
${workload('batch', 'billing', '{ app: batch }', '{ linkerd.io/inject: disabled }')}
`,
      expect: [
        { resource: 'Deployment/orders/orders', path: 'spec.listeners[0].tls.mode', message: '(App Mesh): VirtualNode orders/orders listener 0 has TLS mode PERMISSIVE' },
        { resource: 'Deployment/billing/batch', message: 'not part of the service mesh' },
      ],
    },
  ],
});
