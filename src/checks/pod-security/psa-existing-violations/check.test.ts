import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const RESTRICTED_NS = `
apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels: { pod-security.kubernetes.io/enforce: restricted }
`;

describeCheck(check, {
  pass: [
    {
      name: 'restricted-compliant workload in a restricted namespace',
      yaml: `${RESTRICTED_NS}
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ledger, namespace: payments }
spec:
  selector: { matchLabels: { app: ledger } }
  template:
    metadata: { labels: { app: ledger } }
    spec:
      securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
      containers:
        - name: ledger
          image: payments/ledger:4.1
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
`,
    },
    {
      name: 'no enforce label, or privileged: nothing is enforced so nothing is violated',
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: tools, labels: { pod-security.kubernetes.io/warn: restricted } }
---
apiVersion: v1
kind: Namespace
metadata: { name: infra, labels: { pod-security.kubernetes.io/enforce: privileged } }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: debugger, namespace: tools }
spec:
  selector: { matchLabels: { app: debugger } }
  template:
    metadata: { labels: { app: debugger } }
    spec:
      hostPID: true
      containers: [{ name: shell, image: busybox:1.36, securityContext: { privileged: true } }]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-agent, namespace: infra }
spec:
  selector: { matchLabels: { app: node-agent } }
  template:
    metadata: { labels: { app: node-agent } }
    spec:
      hostNetwork: true
      containers: [{ name: agent, image: infra/agent:2 }]
`,
    },
    {
      name: 'an excluded namespace',
      options: { excludeNamespaces: ['payments'] },
      yaml: `${RESTRICTED_NS}
---
apiVersion: v1
kind: Pod
metadata: { name: probe, namespace: payments }
spec:
  containers: [{ name: probe, image: busybox:1.36 }]
`,
    },
  ],
  fail: [
    {
      name: 'default pod template against restricted: one finding per violated field',
      yaml: `${RESTRICTED_NS}
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: gateway, namespace: payments }
spec:
  selector: { matchLabels: { app: gateway } }
  template:
    metadata: { labels: { app: gateway } }
    spec:
      containers:
        - name: gateway
          image: payments/gateway:2.0
          securityContext: { capabilities: { drop: [ALL], add: [NET_ADMIN] } }
`,
      expect: [
        {
          resource: 'Deployment/payments/gateway',
          container: 'gateway',
          path: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
          message: 'Privilege Escalation: container "gateway" leaves allowPrivilegeEscalation unset (it defaults to true), which the restricted level enforced on namespace "payments" (latest) forbids',
        },
        {
          resource: 'Deployment/payments/gateway',
          path: 'spec.template.spec.securityContext.runAsNonRoot',
          message: 'Running as Non-root: pod and its containers leave runAsNonRoot unset',
        },
        {
          resource: 'Deployment/payments/gateway',
          path: 'spec.template.spec.securityContext.seccompProfile',
          message: 'Seccomp (restricted)',
        },
        {
          resource: 'Deployment/payments/gateway',
          container: 'gateway',
          path: 'spec.template.spec.containers[0].securityContext.capabilities.add[0]',
          message: 'adds capability "NET_ADMIN"',
        },
      ],
    },
    {
      name: 'baseline pinned to a version, in a system namespace too',
      yaml: `
apiVersion: v1
kind: Namespace
metadata:
  name: kube-system
  labels: { pod-security.kubernetes.io/enforce: baseline, pod-security.kubernetes.io/enforce-version: v1.29 }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-tuner, namespace: kube-system }
spec:
  selector: { matchLabels: { app: node-tuner } }
  template:
    metadata: { labels: { app: node-tuner } }
    spec:
      hostNetwork: true
      securityContext:
        sysctls: [{ name: net.ipv4.tcp_rmem, value: "4096 87380 6291456" }]
      containers:
        - name: tuner
          image: platform/tuner:1
          livenessProbe: { httpGet: { path: /healthz, port: 8080, host: 127.0.0.1 } }
`,
      expect: [
        {
          resource: 'DaemonSet/kube-system/node-tuner',
          path: 'spec.template.spec.hostNetwork',
          message: 'Host Namespaces: hostNetwork is true, which the baseline level enforced on namespace "kube-system" (v1.29) forbids',
        },
        {
          resource: 'DaemonSet/kube-system/node-tuner',
          path: 'spec.template.spec.securityContext.sysctls[0].name',
          message: 'Sysctls: sets sysctl "net.ipv4.tcp_rmem"',
        },
      ],
    },
    {
      name: 'an unparsable level falls back to restricted at latest',
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { pod-security.kubernetes.io/enforce: Baseline } }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
  containers:
    - name: web
      image: nginx:1.27
      securityContext: { allowPrivilegeEscalation: false }
`,
      expect: [
        {
          resource: 'Pod/shop/web',
          container: 'web',
          path: 'spec.containers[0].securityContext.capabilities.drop',
          message: 'admission falls back to restricted at latest',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'workload whose Namespace object is not in the input',
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
`,
      expect: [{ resource: 'Deployment/shop/web', message: 'namespace "shop"' }],
    },
  ],
});
