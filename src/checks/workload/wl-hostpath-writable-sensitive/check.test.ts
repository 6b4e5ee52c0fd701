import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'read-only mounts of non-sensitive host paths (log collection)',
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
        - { name: sys, hostPath: { path: /sys } }
        - { name: etc, hostPath: { path: /etc } }
      containers:
        - name: shipper
          image: fluent/fluent-bit:3.1
          volumeMounts:
            - { name: varlog, mountPath: /var/log, readOnly: true }
            - { name: sys, mountPath: /host/sys, readOnly: true }
            - { name: etc, mountPath: /host/os-release, subPath: os-release, readOnly: true }
`,
    },
  ],
  fail: [
    {
      name: 'writable /var/log and read-only root filesystem of the node',
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-agent, namespace: monitoring }
spec:
  selector: { matchLabels: { app: node-agent } }
  template:
    metadata: { labels: { app: node-agent } }
    spec:
      volumes:
        - { name: root, hostPath: { path: / } }
        - { name: varlog, hostPath: { path: /var/log } }
      containers:
        - name: agent
          image: monitoring/agent:7.5
          volumeMounts:
            - { name: root, mountPath: /host, readOnly: true }
            - { name: varlog, mountPath: /var/log }
`,
      expect: [
        {
          resource: 'DaemonSet/monitoring/node-agent',
          container: 'agent',
          path: 'spec.template.spec.volumes[0].hostPath.path',
          message: 'mounts sensitive host path "/" at /host (read-only): the whole node filesystem',
        },
        {
          resource: 'DaemonSet/monitoring/node-agent',
          container: 'agent',
          path: 'spec.template.spec.containers[0].volumeMounts[1].readOnly',
          message: 'writable at /var/log (the kubelet follows symlinks',
        },
      ],
    },
    {
      name: 'parent of the kubelet directory, kubelet via subPath, and a plain writable data directory',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: backup, namespace: ops }
spec:
  selector: { matchLabels: { app: backup } }
  template:
    metadata: { labels: { app: backup } }
    spec:
      volumes:
        - { name: var, hostPath: { path: /var/lib } }
        - { name: data, hostPath: { path: /mnt/data, type: DirectoryOrCreate } }
        - { name: sock, hostPath: { path: /run/containerd/containerd.sock } }
        - { name: kubeconfig, hostPath: { path: /etc/kubernetes/kubelet/kubeconfig, type: File } }
      containers:
        - name: backup
          image: ops/backup:1.2
          volumeMounts:
            - { name: var, mountPath: /host/var/lib, readOnly: true }
            - { name: var, mountPath: /kubelet, subPath: kubelet, readOnly: true }
            - { name: data, mountPath: /data }
            - { name: sock, mountPath: /run/containerd/containerd.sock }
            - { name: kubeconfig, mountPath: /etc/kubeconfig, readOnly: true }
`,
      expect: [
        {
          resource: 'Deployment/ops/backup',
          container: 'backup',
          path: 'spec.template.spec.volumes[0].hostPath.path',
          message: 'contains /var/lib/kubelet',
        },
        {
          resource: 'Deployment/ops/backup',
          container: 'backup',
          path: 'spec.template.spec.containers[0].volumeMounts[2].readOnly',
          message: 'mounts host path "/mnt/data" writable at /data',
        },
        {
          resource: 'Deployment/ops/backup',
          container: 'backup',
          path: 'spec.template.spec.volumes[3].hostPath.path',
          message: 'kubelet configuration and credentials',
        },
      ],
    },
  ],
});
