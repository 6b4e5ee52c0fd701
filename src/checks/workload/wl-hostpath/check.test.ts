import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'only emptyDir, configMap and projected volumes',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      volumes:
        - { name: cache, emptyDir: {} }
        - { name: conf, configMap: { name: web-conf } }
        - name: token
          projected: { sources: [{ serviceAccountToken: { path: token, audience: sts.amazonaws.com } }] }
      containers:
        - name: web
          image: nginx:1.27
          volumeMounts: [{ name: cache, mountPath: /var/cache/nginx }, { name: conf, mountPath: /etc/nginx/conf.d }]
`,
    },
  ],
  fail: [
    {
      name: 'log shipper reading /var/log, one volume mounted by two containers, one volume unmounted',
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: log-shipper, namespace: logging }
spec:
  selector: { matchLabels: { app: log-shipper } }
  template:
    metadata: { labels: { app: log-shipper } }
    spec:
      volumes:
        - { name: varlog, hostPath: { path: /var/log/ } }
        - { name: machine-id, hostPath: { path: /etc/machine-id, type: File } }
      initContainers:
        - name: check
          image: busybox:1.36
          volumeMounts: [{ name: varlog, mountPath: /var/log, readOnly: true }]
      containers:
        - name: shipper
          image: fluent/fluent-bit:3.1
          volumeMounts: [{ name: varlog, mountPath: /var/log }]
`,
      expect: [
        {
          resource: 'DaemonSet/logging/log-shipper',
          path: 'spec.template.spec.volumes[0].hostPath.path',
          message: 'Volume "varlog" mounts host path "/var/log" into "shipper" at /var/log, "check" at /var/log (read-only)',
        },
        {
          resource: 'DaemonSet/logging/log-shipper',
          path: 'spec.template.spec.volumes[1].hostPath.path',
          message: 'no container mounts it yet',
        },
      ],
    },
  ],
});
