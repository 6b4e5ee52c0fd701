import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'only harmless capabilities added after dropping all',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            capabilities: { drop: [ALL], add: [NET_BIND_SERVICE, CHOWN, SETUID, SETGID] }
`,
    },
    {
      name: 'a capability the configuration does not list',
      options: { capabilities: ['SYS_ADMIN'] },
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: ping, namespace: tools }
spec:
  containers:
    - name: ping
      image: alpine:3.20
      securityContext: { capabilities: { add: [NET_RAW] } }
`,
    },
  ],
  fail: [
    {
      name: 'one finding per dangerous capability, whatever its spelling',
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: net-tuner, namespace: platform }
spec:
  selector: { matchLabels: { app: net-tuner } }
  template:
    metadata: { labels: { app: net-tuner } }
    spec:
      initContainers:
        - name: sysctl
          image: busybox:1.36
          securityContext: { capabilities: { add: [cap_sys_admin] } }
      containers:
        - name: tuner
          image: platform/net-tuner:0.3
          securityContext:
            capabilities: { add: [NET_BIND_SERVICE, CAP_NET_ADMIN, net_raw] }
`,
      expect: [
        {
          resource: 'DaemonSet/platform/net-tuner',
          container: 'tuner',
          path: 'spec.template.spec.containers[0].securityContext.capabilities.add[1]',
          message: 'adds capability CAP_NET_ADMIN',
        },
        {
          resource: 'DaemonSet/platform/net-tuner',
          container: 'tuner',
          path: 'spec.template.spec.containers[0].securityContext.capabilities.add[2]',
          message: 'adds capability CAP_NET_RAW',
        },
        {
          resource: 'DaemonSet/platform/net-tuner',
          container: 'sysctl',
          path: 'spec.template.spec.initContainers[0].securityContext.capabilities.add[0]',
          message: 'adds capability CAP_SYS_ADMIN: mount, namespaces',
        },
      ],
    },
    {
      name: 'ALL',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: toolbox, namespace: ops }
spec:
  containers:
    - name: toolbox
      image: fedora:40
      securityContext: { capabilities: { add: [all] } }
`,
      expect: [{ resource: 'Pod/ops/toolbox', container: 'toolbox', path: 'spec.containers[0].securityContext.capabilities.add[0]', message: 'adds capability ALL' }],
    },
  ],
});
