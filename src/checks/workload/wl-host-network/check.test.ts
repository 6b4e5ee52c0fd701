import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'service-backed deployment on the pod network',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      hostNetwork: false
      containers: [{ name: api, image: shop/api:3.2, ports: [{ containerPort: 8080 }] }]
`,
    },
  ],
  fail: [
    {
      name: 'ingress controller on the host network names its ports',
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: edge-proxy, namespace: ingress }
spec:
  selector: { matchLabels: { app: edge-proxy } }
  template:
    metadata: { labels: { app: edge-proxy } }
    spec:
      hostNetwork: true
      dnsPolicy: ClusterFirstWithHostNet
      containers:
        - name: proxy
          image: haproxy:3.0
          ports: [{ containerPort: 80 }, { containerPort: 443 }]
`,
      expect: [
        {
          resource: 'DaemonSet/ingress/edge-proxy',
          path: 'spec.template.spec.hostNetwork',
          message: 'it listens on node ports 80, 443',
        },
      ],
    },
  ],
});
