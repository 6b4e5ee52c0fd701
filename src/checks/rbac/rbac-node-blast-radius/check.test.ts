import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const NODES = `
apiVersion: v1
kind: Node
metadata: { name: ip-10-0-1-10.eu-west-1.compute.internal }
---
apiVersion: v1
kind: Node
metadata: { name: ip-10-0-2-20.eu-west-1.compute.internal }
`;

const BIND_AND_WRITE = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: binder }
rules: [{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: binder }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: binder }
subjects: [{ kind: ServiceAccount, name: rbac-sync, namespace: platform }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: binding-writer }
rules: [{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: binding-writer }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: binding-writer }
subjects: [{ kind: ServiceAccount, name: access-portal, namespace: platform }]
`;

const pod = (name: string, namespace: string, sa: string, node: string, phase = 'Running'): string => `
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  nodeName: ${node}
  serviceAccountName: ${sa}
  containers: [{ name: main, image: example/${name}:1 }]
status: { phase: ${phase} }
`;

describeCheck(check, {
  pass: [
    {
      name: 'powers split across nodes; a finished job pod does not count',
      yaml: [
        NODES,
        BIND_AND_WRITE,
        pod('rbac-sync-7d9f', 'platform', 'rbac-sync', 'ip-10-0-1-10.eu-west-1.compute.internal'),
        pod('access-portal-5c4b', 'platform', 'access-portal', 'ip-10-0-2-20.eu-west-1.compute.internal'),
        pod('access-portal-migrate', 'platform', 'access-portal', 'ip-10-0-1-10.eu-west-1.compute.internal', 'Succeeded'),
      ].join('\n---\n'),
    },
  ],
  fail: [
    {
      name: 'bind from one SA and binding write from another on the same node',
      yaml: [
        NODES,
        BIND_AND_WRITE,
        pod('web-1', 'shop', 'web', 'ip-10-0-1-10.eu-west-1.compute.internal'),
        pod('rbac-sync-7d9f', 'platform', 'rbac-sync', 'ip-10-0-1-10.eu-west-1.compute.internal'),
        pod('access-portal-5c4b', 'platform', 'access-portal', 'ip-10-0-1-10.eu-west-1.compute.internal'),
      ].join('\n---\n'),
      expect: [
        {
          resource: 'Node/ip-10-0-1-10.eu-west-1.compute.internal',
          path: 'spec.serviceAccountName',
          severity: 'high',
          message:
            'Node ip-10-0-1-10.eu-west-1.compute.internal runs pods whose service accounts together can take over the cluster, so escaping to this node is enough: bind or escalate roles cluster-wide (ServiceAccount platform/rbac-sync, ServiceAccount platform/access-portal). Granted by ClusterRole "binder" rules[0] via ClusterRoleBinding binder; ClusterRole "binding-writer" rules[0] via ClusterRoleBinding binding-writer',
        },
      ],
    },
    {
      name: 'a cluster-admin controller next to an Internet-facing app',
      yaml: [
        NODES,
        `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: argocd-controller }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: argocd-application-controller, namespace: argocd }]
`,
        pod('argocd-application-controller-0', 'argocd', 'argocd-application-controller', 'ip-10-0-2-20.eu-west-1.compute.internal'),
        pod('storefront-1', 'shop', 'storefront', 'ip-10-0-2-20.eu-west-1.compute.internal'),
      ].join('\n---\n'),
      expect: [
        {
          resource: 'Node/ip-10-0-2-20.eu-west-1.compute.internal',
          path: 'spec.serviceAccountName',
          message: /do anything \(cluster-admin\) cluster-wide \(ServiceAccount argocd\/argocd-application-controller\); read Secrets cluster-wide/,
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'manifests without scheduled pods',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`,
      expect: [{ resource: 'Cluster/cluster', message: 'No scheduled pods' }],
    },
  ],
});
