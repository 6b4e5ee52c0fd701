import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'regular Windows and Linux workloads',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: iis, namespace: win }
spec:
  selector: { matchLabels: { app: iis } }
  template:
    metadata: { labels: { app: iis } }
    spec:
      os: { name: windows }
      securityContext: { windowsOptions: { runAsUserName: ContainerUser } }
      containers: [{ name: iis, image: mcr.microsoft.com/windows/servercore/iis, securityContext: { windowsOptions: { hostProcess: false } } }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`,
    },
  ],
  fail: [
    {
      name: 'pod-level HostProcess is one finding',
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: win-exporter, namespace: monitoring }
spec:
  selector: { matchLabels: { app: win-exporter } }
  template:
    metadata: { labels: { app: win-exporter } }
    spec:
      hostNetwork: true
      securityContext:
        windowsOptions: { hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM" }
      containers:
        - { name: exporter, image: ghcr.io/prometheus-community/windows-exporter:0.29.0 }
        - { name: config, image: monitoring/config:1, securityContext: { windowsOptions: { hostProcess: true } } }
`,
      expect: [
        {
          resource: 'DaemonSet/monitoring/win-exporter',
          path: 'spec.template.spec.securityContext.windowsOptions.hostProcess',
          message: 'containers "exporter" and "config" run on the node',
        },
      ],
    },
    {
      name: 'container-level HostProcess',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: csi-proxy, namespace: kube-system }
spec:
  hostNetwork: true
  containers:
    - name: csi-proxy
      image: ghcr.io/kubernetes-sigs/sig-windows/csi-proxy:v1.1.3
      securityContext: { windowsOptions: { hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM" } }
`,
      expect: [{ resource: 'Pod/kube-system/csi-proxy', container: 'csi-proxy', path: 'spec.containers[0].securityContext.windowsOptions.hostProcess' }],
    },
  ],
});
