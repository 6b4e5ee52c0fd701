import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'read-only and scale-only grants',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: scaler }
rules:
  - apiGroups: [apps]
    resources: [deployments/scale, statefulsets/scale]
    verbs: [get, update, patch]
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, list, watch, delete]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: scaler }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: scaler }
subjects: [{ kind: ServiceAccount, name: keda-operator, namespace: keda }]
`,
    },
    {
      name: 'subjects left out by ignoreSubjects',
      options: { ignoreSubjects: ['ServiceAccount:argocd/*', 'User:ci-*'] },
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: deployers }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects:
  - { kind: ServiceAccount, name: argocd-application-controller, namespace: argocd }
  - { kind: User, name: ci-bot }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: readers }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: User, name: reader }]
`,
    },
    {
      name: 'update/patch on Jobs (their pod template is immutable) and create limited to names (create carries none)',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: job-babysitter }
rules:
  - apiGroups: [batch]
    resources: [jobs]
    verbs: [get, list, update, patch]
  - apiGroups: ["", apps]
    resources: [pods, deployments]
    verbs: [create]
    resourceNames: [web]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: job-babysitter }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: job-babysitter }
subjects: [{ kind: ServiceAccount, name: kueue, namespace: kueue-system }]
`,
    },
  ],
  fail: [
    {
      name: 'patching one named DaemonSet (aws-node) still changes what it runs',
      yaml: `
apiVersion: v1
kind: ServiceAccount
metadata: {name: deployer, namespace: ci}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: patch-aws-node, namespace: kube-system}
rules:
  - apiGroups: [apps]
    resources: [daemonsets]
    resourceNames: [aws-node]
    verbs: [get, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: patch-aws-node, namespace: kube-system}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: patch-aws-node}
subjects:
  - {kind: ServiceAccount, name: deployer, namespace: ci}
`,
      expect: [{ resource: 'ServiceAccount/ci/deployer', path: 'subjects[0]', message: 'can patch daemonsets in namespace kube-system' }],
    },
    {
      name: 'patching CronJobs (their job template stays mutable) still changes what runs',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: cron-editor, namespace: reports }
rules:
  - apiGroups: [batch]
    resources: [jobs, cronjobs]
    verbs: [get, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: cron-editor, namespace: reports }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: cron-editor }
subjects: [{ kind: User, name: analyst }]
`,
      expect: [{ resource: 'User/analyst', severity: 'medium', message: 'can patch cronjobs in namespace reports' }],
    },
    {
      name: 'CI deployer creates deployments in one namespace; a runner creates pods cluster-wide',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: deployer, namespace: shop }
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [get, create, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: deployer, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer }
subjects: [{ kind: ServiceAccount, name: gitlab-deployer, namespace: ci }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: runner }
rules:
  - apiGroups: [""]
    resources: [pods, pods/log]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: runner }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: runner }
subjects: [{ kind: ServiceAccount, name: runner, namespace: ci }]
`,
      expect: [
        {
          resource: 'ServiceAccount/ci/gitlab-deployer',
          path: 'subjects[0]',
          severity: 'medium',
          message: 'ServiceAccount ci/gitlab-deployer can create, patch deployments in namespace shop: Role "deployer" rules[0] via RoleBinding shop/deployer',
        },
        {
          resource: 'ServiceAccount/ci/runner',
          severity: 'high',
          message: 'can create/update/patch pods cluster-wide',
        },
      ],
    },
    {
      name: 'batch jobs through the built-in edit role in kube-system',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ops-edit, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: Group, name: ops }]
`,
      expect: [
        {
          resource: 'Group/ops',
          severity: 'high',
          message: 'can create, update, patch pods, replicationcontrollers, deployments, daemonsets and 4 more in namespace kube-system',
        },
      ],
    },
  ],
});
