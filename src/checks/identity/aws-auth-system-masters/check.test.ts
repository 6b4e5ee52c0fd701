import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'node role and an admin role mapped to a named group',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-node-group-role
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:bootstrappers
        - system:nodes
    - rolearn: arn:aws:iam::111122223333:role/platform-admin
      username: platform-admin:{{SessionName}}
      groups: [platform-admins]
`,
    },
    {
      name: 'system:masters mapping ignored once the cluster authenticates with access entries only',
      aws: { eks: { cluster: { name: 'prod', accessConfig: { authenticationMode: 'API' } } } },
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/legacy-admin
      groups: [system:masters]
`,
    },
  ],
  fail: [
    {
      name: 'roles and a user in system:masters',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-node-group-role
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
    - rolearn: arn:aws:iam::111122223333:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef
      username: sso-admin:{{SessionName}}
      groups: [system:masters]
    - rolearn: arn:aws:iam::111122223333:role/ci-deployer
      username: ci
      groups: [system:masters, deployers]
  mapUsers: |
    - userarn: arn:aws:iam::111122223333:user/bootstrap
      username: bootstrap
      groups:
        - system:masters
`,
      expect: [
        {
          resource: 'ConfigMap/kube-system/aws-auth',
          path: 'data.mapRoles',
          severity: 'high',
          message:
            'data.mapRoles maps 2 IAM roles to system:masters: arn:aws:iam::111122223333:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef, arn:aws:iam::111122223333:role/ci-deployer',
        },
        { resource: 'ConfigMap/kube-system/aws-auth', path: 'data.mapUsers', message: '1 IAM users to system:masters: arn:aws:iam::111122223333:user/bootstrap' },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'mapRoles that is not valid YAML',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/admin
      groups: [system:masters
`,
      expect: [{ resource: 'ConfigMap/kube-system/aws-auth', path: 'data.mapRoles', message: /^data\.mapRoles is not valid YAML/ }],
    },
    {
      name: 'ConfigMaps not collected',
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'v1/configmaps', code: 403, message: 'forbidden' }],
      yaml: `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
`,
      expect: [{ message: 'ConfigMaps could not be collected' }],
    },
  ],
});
