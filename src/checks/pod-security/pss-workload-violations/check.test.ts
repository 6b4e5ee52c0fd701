import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const RESTRICTED_SPEC = `
      securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
      containers:
        - name: app
          image: shop/app:1.0
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL], add: [NET_BIND_SERVICE] } }
      volumes: [{ name: cache, emptyDir: {} }]`;

describeCheck(check, {
  pass: [
    {
      name: 'restricted-compliant workload, in a namespace that enforces nothing',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: app, namespace: shop }
spec:
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec:${RESTRICTED_SPEC}
`,
    },
  ],
  fail: [
    {
      name: 'unset seccomp and runAsNonRoot break only Restricted; an allowed added capability breaks nothing',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: shop/api:1.0
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL], add: [CHOWN] } }
`,
      expect: [
        { resource: 'Deployment/shop/api', message: /^Seccomp \(restricted\): /, path: 'spec.template.spec.securityContext.seccompProfile' },
        { resource: 'Deployment/shop/api', message: /^Running as Non-root: /, path: 'spec.template.spec.securityContext.runAsNonRoot' },
        { resource: 'Deployment/shop/api', message: /^Capabilities \(restricted\): container "api" adds capability "CHOWN"/ },
      ],
    },
    {
      name: 'explicit Unconfined seccomp, a capability outside the Baseline list and an nfs volume',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: worker, namespace: shop }
spec:
  selector: { matchLabels: { app: worker } }
  template:
    metadata: { labels: { app: worker } }
    spec:
      securityContext: { runAsNonRoot: true, seccompProfile: { type: Unconfined } }
      containers:
        - name: worker
          image: shop/worker:1.0
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL], add: [SYS_TIME] } }
      volumes: [{ name: data, nfs: { server: nfs.local, path: /data } }]
`,
      expect: [
        { message: /^Seccomp: .*baseline level/ },
        { message: /^Seccomp \(restricted\): / },
        { message: /^Capabilities: container "worker" adds capability "SYS_TIME".*baseline level/ },
        { message: /^Capabilities \(restricted\): / },
        { message: /^Volume Types: .*restricted level/ },
      ],
    },
  ],
});
