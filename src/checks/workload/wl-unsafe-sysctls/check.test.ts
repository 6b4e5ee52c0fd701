import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'safe sysctls, slash form included',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: gateway, namespace: edge }
spec:
  selector: { matchLabels: { app: gateway } }
  template:
    metadata: { labels: { app: gateway } }
    spec:
      securityContext:
        sysctls:
          - { name: net.ipv4.ip_local_port_range, value: "1024 65000" }
          - { name: net/ipv4/tcp_keepalive_time, value: "120" }
          - { name: net.ipv4.ip_unprivileged_port_start, value: "80" }
      containers: [{ name: gateway, image: edge/gateway:2.0 }]
`,
    },
    {
      name: 'an unsafe sysctl the configuration allows',
      options: { allowed: ['net.core.somaxconn'] },
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: lb, namespace: edge }
spec:
  securityContext: { sysctls: [{ name: net.core.somaxconn, value: "4096" }] }
  containers: [{ name: lb, image: haproxy:3.0 }]
`,
    },
  ],
  fail: [
    {
      name: 'one finding per unsafe sysctl',
      yaml: `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: queue, namespace: data }
spec:
  selector: { matchLabels: { app: queue } }
  template:
    metadata: { labels: { app: queue } }
    spec:
      securityContext:
        sysctls:
          - { name: kernel.shm_rmid_forced, value: "1" }
          - { name: kernel.msgmax, value: "65536" }
          - { name: net.core.somaxconn, value: "4096" }
      containers: [{ name: queue, image: data/queue:5.1 }]
`,
      expect: [
        { resource: 'StatefulSet/data/queue', path: 'spec.template.spec.securityContext.sysctls[1].name', message: '"kernel.msgmax"' },
        { resource: 'StatefulSet/data/queue', path: 'spec.template.spec.securityContext.sysctls[2].name', message: '"net.core.somaxconn"' },
      ],
    },
  ],
});
