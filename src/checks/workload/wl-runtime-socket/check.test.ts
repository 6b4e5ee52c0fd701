import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'hostPath volumes that hold no runtime socket',
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
        - { name: varlog, hostPath: { path: /var/log } }
        - { name: containers, hostPath: { path: /var/lib/containerd } }
      containers:
        - name: shipper
          image: fluent/fluent-bit:3.1
          volumeMounts:
            - { name: varlog, mountPath: /var/log, readOnly: true }
            - { name: containers, mountPath: /var/lib/containerd, readOnly: true }
`,
    },
  ],
  fail: [
    {
      name: 'Docker socket through /var/run, containerd socket read-only, and the /run directory',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ci-runner, namespace: ci }
spec:
  selector: { matchLabels: { app: ci-runner } }
  template:
    metadata: { labels: { app: ci-runner } }
    spec:
      volumes:
        - { name: docker, hostPath: { path: /var/run/docker.sock, type: Socket } }
        - { name: containerd, hostPath: { path: /run/containerd/containerd.sock } }
        - { name: run, hostPath: { path: /run } }
      initContainers:
        - name: inspect
          image: ci/inspect:1.0
          volumeMounts: [{ name: run, mountPath: /host/run, readOnly: true }]
      containers:
        - name: runner
          image: ci/runner:16.4
          volumeMounts:
            - { name: docker, mountPath: /var/run/docker.sock }
            - { name: containerd, mountPath: /run/containerd/containerd.sock, readOnly: true }
`,
      expect: [
        {
          resource: 'Deployment/ci/ci-runner',
          container: 'runner',
          path: 'spec.template.spec.volumes[0].hostPath.path',
          message: 'mounts the Docker socket "/var/run/docker.sock"',
        },
        {
          resource: 'Deployment/ci/ci-runner',
          container: 'runner',
          path: 'spec.template.spec.volumes[1].hostPath.path',
          message: 'mounts the containerd socket',
        },
        {
          resource: 'Deployment/ci/ci-runner',
          container: 'inspect',
          path: 'spec.template.spec.volumes[2].hostPath.path',
          message: 'which holds the containerd socket /run/containerd/containerd.sock',
        },
      ],
    },
  ],
});
