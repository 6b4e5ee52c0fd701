import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'Kubernetes default bindings and an EKS-managed binding',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: system:basic-user }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:basic-user }
subjects: [{ kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: system:service-account-issuer-discovery }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:service-account-issuer-discovery }
subjects: [{ kind: Group, name: system:serviceaccounts, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "eks:podsecuritypolicy:authenticated" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "eks:podsecuritypolicy:privileged" }
subjects: [{ kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io }]
`,
    },
  ],
  fail: [
    {
      name: 'view for every authenticated identity; secrets for every service account',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: everyone-views }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: read-shared-secrets }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: shared-secrets, namespace: shared }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: read-shared-secrets }
subjects: [{ kind: Group, name: system:serviceaccounts, apiGroup: rbac.authorization.k8s.io }]
`,
      expect: [
        {
          resource: 'Group/system:authenticated',
          path: 'subjects[0]',
          severity: 'high',
          message: 'Group "system:authenticated" (every authenticated user and every service account) is granted ClusterRole "view" cluster-wide',
        },
        {
          resource: 'Group/system:serviceaccounts',
          severity: 'critical',
          message: 'is granted ClusterRole "read-shared-secrets" in namespace shared: ClusterRole "read-shared-secrets" rules[0] via RoleBinding shared/shared-secrets',
        },
      ],
    },
  ],
});
