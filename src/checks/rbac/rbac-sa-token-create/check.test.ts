import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'reading service accounts is not minting tokens',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: auditors }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: Group, name: auditors }]
`,
    },
  ],
  fail: [
    {
      name: 'token minting cluster-wide, for named SAs in kube-system, and through edit in a namespace',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: token-minter }
rules: [{ apiGroups: [""], resources: [serviceaccounts/token], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: vault-k8s }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: token-minter }
subjects: [{ kind: ServiceAccount, name: vault, namespace: vault }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: cni-token, namespace: kube-system }
rules:
  - apiGroups: [""]
    resources: [serviceaccounts/token]
    verbs: [create]
    resourceNames: [aws-node]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: cni-token, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: cni-token }
subjects: [{ kind: User, name: cni-debug }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: editors, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: Group, name: shop-devs }]
`,
      expect: [
        {
          resource: 'ServiceAccount/vault/vault',
          path: 'subjects[0]',
          severity: 'high',
          message: 'ServiceAccount vault/vault can mint tokens for any service account cluster-wide: ClusterRole "token-minter" rules[0] via ClusterRoleBinding vault-k8s',
        },
        { resource: 'User/cni-debug', severity: 'high', message: 'the service accounts aws-node in namespace kube-system' },
        { resource: 'Group/shop-devs', severity: 'medium', message: 'any service account in namespace shop' },
      ],
    },
  ],
});
