import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'objects in their own namespace; cluster-scoped and API-server objects are left out',
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: default }
---
apiVersion: v1
kind: Service
metadata: { name: kubernetes, namespace: default }
spec: { ports: [{ port: 443 }] }
---
apiVersion: v1
kind: Endpoints
metadata: { name: kubernetes, namespace: default }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: default, namespace: default }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: kube-root-ca.crt, namespace: default }
data: { ca.crt: "-----BEGIN CERTIFICATE-----" }
---
apiVersion: v1
kind: Event
metadata: { name: web.17c2, namespace: default }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: reader }
rules: []
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: { name: general }
---
apiVersion: acme.io/v1
kind: Widget
metadata: { name: unknown-scope }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: web, image: ghcr.io/acme/web:1 }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: shop }
data: { LOG_LEVEL: info }
`,
    },
  ],
  fail: [
    {
      name: 'an app deployed into default: its Deployment, ConfigMap and Secret, not its ReplicaSet or pods',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  template:
    spec:
      containers: [{ name: web, image: ghcr.io/acme/web:1 }]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-7c9d
  namespace: default
  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: web, controller: true }]
spec:
  template:
    spec:
      containers: [{ name: web, image: ghcr.io/acme/web:1 }]
---
apiVersion: v1
kind: Pod
metadata:
  name: web-7c9d-x1
  namespace: default
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-7c9d, controller: true }]
spec:
  containers: [{ name: web, image: ghcr.io/acme/web:1 }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: default }
data: { LOG_LEVEL: info }
---
apiVersion: v1
kind: Secret
metadata: { name: web-tls, namespace: default }
type: kubernetes.io/tls
---
apiVersion: v1
kind: Secret
metadata: { name: sh.helm.release.v1.web.v3, namespace: default }
type: helm.sh/release.v1
`,
      expect: [
        { resource: 'Deployment/default/web', path: 'metadata.namespace', message: 'Deployment "web" is in the default namespace' },
        { resource: 'ConfigMap/default/web-config', path: 'metadata.namespace' },
        { resource: 'Secret/default/web-tls', path: 'metadata.namespace' },
      ],
    },
    {
      name: 'manifests without a namespace: namespaced built-ins and custom kinds whose CRD says Namespaced',
      yaml: `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.acme.io }
spec:
  group: acme.io
  scope: Namespaced
  names: { kind: Widget, plural: widgets }
  versions: []
---
apiVersion: acme.io/v1
kind: Widget
metadata: { name: blue }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-all }
spec: { podSelector: {} }
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: { name: web }
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: gp3 }
provisioner: ebs.csi.aws.com
`,
      expect: [
        {
          resource: 'Widget/blue',
          path: 'metadata.namespace',
          message: 'Widget "blue" names no namespace: it lands in "default" unless applied with -n',
        },
        { resource: 'NetworkPolicy/deny-all', path: 'metadata.namespace', message: 'names no namespace' },
        { resource: 'ServiceMonitor/web', path: 'metadata.namespace', message: 'names no namespace' },
      ],
    },
  ],
});
