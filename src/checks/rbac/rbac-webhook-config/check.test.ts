import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'read-only access to webhook configurations',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: policy-reporter }
rules:
  - apiGroups: [admissionregistration.k8s.io]
    resources: [validatingwebhookconfigurations, mutatingwebhookconfigurations]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: policy-reporter }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: policy-reporter }
subjects: [{ kind: ServiceAccount, name: policy-reporter, namespace: kyverno }]
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
      expect: [{ resource: 'User/alice', path: 'subjects[0]', severity: 'high', message: /mutatingwebhookconfigurations and validatingwebhookconfigurations/ }],
    },
    {
      name: 'cert injector limited to named webhooks; CI with full write',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: cainjector }
rules:
  - apiGroups: [admissionregistration.k8s.io]
    resources: [validatingwebhookconfigurations, mutatingwebhookconfigurations]
    verbs: [get, list, watch, update, patch]
    resourceNames: [cert-manager-webhook]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: cainjector }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cainjector }
subjects: [{ kind: ServiceAccount, name: cert-manager-cainjector, namespace: cert-manager }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ci-admission }
rules:
  - apiGroups: [admissionregistration.k8s.io]
    resources: [mutatingwebhookconfigurations]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ci-admission }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ci-admission }
subjects: [{ kind: User, name: ci }]
`,
      expect: [
        {
          resource: 'ServiceAccount/cert-manager/cert-manager-cainjector',
          path: 'subjects[0]',
          severity: 'high',
          message:
            'ServiceAccount cert-manager/cert-manager-cainjector can update, patch mutatingwebhookconfigurations and validatingwebhookconfigurations (named cert-manager-webhook): ClusterRole "cainjector" rules[0] via ClusterRoleBinding cainjector',
        },
        { resource: 'User/ci', message: 'can create/update/patch/delete mutatingwebhookconfigurations:' },
      ],
    },
  ],
});
