import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'logs and port-forward only',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: debug, namespace: shop }
rules:
  - apiGroups: [""]
    resources: [pods, pods/log]
    verbs: [get, list]
  - apiGroups: [""]
    resources: [pods/portforward]
    verbs: [create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: debug, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: debug }
subjects: [{ kind: Group, name: shop-devs }]
`,
    },
  ],
  fail: [
    {
      name: 'exec cluster-wide, get-only exec in a namespace, attach through edit',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: exec-all }
rules:
  - apiGroups: [""]
    resources: [pods/exec]
    verbs: [create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: sre-exec }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: exec-all }
subjects: [{ kind: Group, name: sre }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: ws-exec, namespace: shop }
rules:
  - apiGroups: [""]
    resources: [pods/exec]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ws-exec, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: ws-exec }
subjects: [{ kind: User, name: lens-user }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: devs, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: User, name: dev }]
`,
      expect: [
        {
          resource: 'Group/sre',
          path: 'subjects[0]',
          severity: 'high',
          message: 'Group "sre" can exec into or attach to pods cluster-wide (create on pods/exec): ClusterRole "exec-all" rules[0] via ClusterRoleBinding sre-exec',
        },
        { resource: 'User/lens-user', severity: 'low', message: 'has get on pods/exec in namespace shop, which allows exec over WebSocket' },
        { resource: 'User/dev', severity: 'medium', message: 'in namespace shop (create on pods/exec, pods/attach)' },
      ],
    },
  ],
});
