import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'deployment without hostPID, and one that sets it false',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop }
spec:
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      hostPID: false
      containers: [{ name: postgres, image: postgres:16 }]
`,
    },
  ],
  fail: [
    {
      name: 'debug DaemonSet sharing the host PID namespace',
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-debugger, namespace: tools }
spec:
  selector: { matchLabels: { app: node-debugger } }
  template:
    metadata: { labels: { app: node-debugger } }
    spec:
      hostPID: true
      containers: [{ name: shell, image: busybox:1.36, command: [sleep, infinity] }]
`,
      expect: [{ resource: 'DaemonSet/tools/node-debugger', path: 'spec.template.spec.hostPID', message: 'hostPID: true' }],
    },
    {
      name: 'bare pod',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: top, namespace: default }
spec:
  hostPID: true
  containers: [{ name: top, image: alpine:3.20 }]
`,
      expect: [{ resource: 'Pod/default/top', path: 'spec.hostPID' }],
    },
  ],
});
