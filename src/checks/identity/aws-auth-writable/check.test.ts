import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'ConfigMap writes in an app namespace; a kube-system rule limited to another ConfigMap',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: app-edit, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: ServiceAccount, name: app, namespace: shop }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: cluster-autoscaler-status, namespace: kube-system }
rules:
  - apiGroups: [""]
    resources: [configmaps]
    resourceNames: [cluster-autoscaler-status]
    verbs: [get, update, delete]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: cluster-autoscaler-status, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: cluster-autoscaler-status }
subjects: [{ kind: ServiceAccount, name: cluster-autoscaler, namespace: kube-system }]
`,
    },
    {
      name: 'writable, but the cluster no longer reads aws-auth (authentication mode API)',
      aws: { eks: { cluster: { name: 'prod', accessConfig: { authenticationMode: 'API' } } } },
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ops-edit, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: Group, name: ops }]
`,
    },
  ],
  fail: [
    {
      name: 'rule naming aws-auth; edit in kube-system; create-only ConfigMaps in kube-system',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: aws-auth-manager, namespace: kube-system }
rules:
  - apiGroups: [""]
    resources: [configmaps]
    resourceNames: [aws-auth]
    verbs: [get, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: aws-auth-manager, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: aws-auth-manager }
subjects: [{ kind: ServiceAccount, name: node-registrar, namespace: platform }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: node-registrar, namespace: platform }
spec:
  template:
    spec:
      serviceAccountName: node-registrar
      containers: [{ name: registrar, image: platform/registrar:1.2 }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ops-edit, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: Group, name: ops }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: configmap-creator }
rules: [{ apiGroups: [""], resources: [configmaps], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: configmap-creator }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: configmap-creator }
subjects: [{ kind: User, name: helm-bot }]
`,
      expect: [
        {
          resource: 'ServiceAccount/platform/node-registrar',
          path: 'subjects[0]',
          severity: 'critical',
          message:
            'ServiceAccount platform/node-registrar (runs Deployment/platform/node-registrar) can patch ConfigMaps in kube-system, aws-auth included, and so map any IAM principal to system:masters: Role "aws-auth-manager" rules[0] via RoleBinding kube-system/aws-auth-manager',
        },
        { resource: 'Group/ops', message: 'can create, update, patch, delete, deletecollection ConfigMaps in kube-system' },
        { resource: 'User/helm-bot', message: 'can create ConfigMaps in kube-system' },
      ],
    },
  ],
});
