import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'approval without a signer, and signer approve without the approval subresource',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: csr-half-a }
rules:
  - apiGroups: [certificates.k8s.io]
    resources: [certificatesigningrequests, certificatesigningrequests/approval]
    verbs: [get, list, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: csr-half-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: csr-half-a }
subjects: [{ kind: User, name: a }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: csr-half-b }
rules:
  - apiGroups: [certificates.k8s.io]
    resources: [signers]
    verbs: [approve]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: csr-half-b }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: csr-half-b }
subjects: [{ kind: User, name: b }]
`,
    },
  ],
  fail: [
    {
      name: 'a user bound to the default cluster-admin ClusterRole (no role declared)',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: alice }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: alice }]
`,
      expect: [{ resource: 'User/alice', path: 'subjects[0]', severity: 'critical', message: /approve certificate signing requests for any signer/ }],
    },
    {
      name: 'any signer (critical) and kubelet-serving only (high)',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: csr-approver }
rules:
  - apiGroups: [certificates.k8s.io]
    resources: [certificatesigningrequests/approval]
    verbs: [update]
  - apiGroups: [certificates.k8s.io]
    resources: [signers]
    verbs: [approve]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: csr-approver }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: csr-approver }
subjects: [{ kind: ServiceAccount, name: approver, namespace: certs }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: kubelet-serving-approver }
rules:
  - apiGroups: [certificates.k8s.io]
    resources: [certificatesigningrequests/approval]
    verbs: [update]
  - apiGroups: [certificates.k8s.io]
    resources: [signers]
    resourceNames: [kubernetes.io/kubelet-serving]
    verbs: [approve]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: kubelet-csr-approver }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kubelet-serving-approver }
subjects: [{ kind: ServiceAccount, name: kubelet-csr-approver, namespace: kube-system }]
`,
      expect: [
        {
          resource: 'ServiceAccount/certs/approver',
          path: 'subjects[0]',
          severity: 'critical',
          message:
            'ServiceAccount certs/approver can approve certificate signing requests for any signer (client certificates for any user, system:masters included): ClusterRole "csr-approver" rules[1] via ClusterRoleBinding csr-approver',
        },
        { resource: 'ServiceAccount/kube-system/kubelet-csr-approver', severity: 'high', message: 'for the signers kubernetes.io/kubelet-serving' },
      ],
    },
  ],
});
