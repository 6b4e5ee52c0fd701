import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'claims only; PV rules through a RoleBinding do not apply',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: app-edit, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: ServiceAccount, name: app }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: pv-maker }
rules: [{ apiGroups: [""], resources: [persistentvolumes], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: pv-maker, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pv-maker }
subjects: [{ kind: ServiceAccount, name: app }]
`,
    },
  ],
  fail: [
    {
      name: 'storage admins and a provisioner SA',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: storage-admin }
rules:
  - apiGroups: [""]
    resources: [persistentvolumes]
    verbs: [get, list, create, delete]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: storage-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: storage-admin }
subjects:
  - { kind: Group, name: storage-team }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: nfs-provisioner }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:persistent-volume-provisioner }
subjects: [{ kind: ServiceAccount, name: nfs-provisioner, namespace: storage }]
`,
      expect: [
        {
          resource: 'Group/storage-team',
          path: 'subjects[0]',
          severity: 'medium',
          message: 'Group "storage-team" can create PersistentVolumes (hostPath included): ClusterRole "storage-admin" rules[0] via ClusterRoleBinding storage-admin',
        },
        { resource: 'ServiceAccount/storage/nfs-provisioner', message: 'system:persistent-volume-provisioner' },
      ],
    },
  ],
});
