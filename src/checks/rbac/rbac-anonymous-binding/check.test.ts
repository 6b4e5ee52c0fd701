import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'the default public-info-viewer binding',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: system:public-info-viewer }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:public-info-viewer }
subjects:
  - { kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io }
  - { kind: Group, name: system:unauthenticated, apiGroup: rbac.authorization.k8s.io }
`,
    },
  ],
  fail: [
    {
      name: 'anonymous user can list pods; unauthenticated group keeps system:discovery',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: public-status, namespace: status }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: User, name: system:anonymous, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: system:discovery }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:discovery }
subjects:
  - { kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io }
  - { kind: Group, name: system:unauthenticated, apiGroup: rbac.authorization.k8s.io }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: open-write }
rules: [{ apiGroups: [""], resources: [configmaps], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: open-write }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: open-write }
subjects: [{ kind: Group, name: system:unauthenticated, apiGroup: rbac.authorization.k8s.io }]
`,
      expect: [
        {
          resource: 'User/system:anonymous',
          path: 'subjects[0]',
          severity: 'high',
          message: /^User "system:anonymous" is granted ClusterRole "view" in namespace status, usable without credentials: ClusterRole "view" \(Kubernetes default, rules approximated\) via RoleBinding status\/public-status/,
        },
        {
          resource: 'Group/system:unauthenticated',
          path: 'subjects[0]',
          severity: 'critical',
          message: 'Group "system:unauthenticated" (every unauthenticated request) is granted ClusterRole "open-write", ClusterRole "system:discovery" cluster-wide',
        },
      ],
    },
  ],
});
