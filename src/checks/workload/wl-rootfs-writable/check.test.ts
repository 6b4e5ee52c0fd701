import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'read-only root with an emptyDir for /tmp',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      volumes: [{ name: tmp, emptyDir: {} }]
      containers:
        - name: api
          image: shop/api:3.2
          securityContext: { readOnlyRootFilesystem: true }
          volumeMounts: [{ name: tmp, mountPath: /tmp }]
`,
    },
  ],
  fail: [
    {
      name: 'unset on the app, false on the init container',
      yaml: `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: search, namespace: shop }
spec:
  selector: { matchLabels: { app: search } }
  template:
    metadata: { labels: { app: search } }
    spec:
      initContainers:
        - name: sysctl
          image: busybox:1.36
          securityContext: { readOnlyRootFilesystem: false }
      containers:
        - name: opensearch
          image: opensearchproject/opensearch:2.17.0
`,
      expect: [
        { resource: 'StatefulSet/shop/search', container: 'opensearch', path: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem', message: 'does not set' },
        { resource: 'StatefulSet/shop/search', container: 'sysctl', path: 'spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem', message: 'sets readOnlyRootFilesystem: false' },
      ],
    },
  ],
});
