import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'EC2 node role, Windows node role and Fargate pod execution role',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-node-group-role
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
    - rolearn: arn:aws:iam::111122223333:role/windows-nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups: [eks:kube-proxy-windows, system:bootstrappers, system:nodes]
    - rolearn: arn:aws:iam::111122223333:role/AmazonEKSFargatePodExecutionRole
      username: system:node:{{SessionName}}
      groups: [system:bootstrappers, system:nodes, system:node-proxier]
    - rolearn: arn:aws:iam::111122223333:role/devs
      username: dev:{{SessionName}}
      groups: [developers]
`,
    },
  ],
  fail: [
    {
      name: 'SSO admin role in system:nodes, node role with extra masters group, IAM user as node',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PowerUser_abcdef0123456789
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:nodes]
    - rolearn: arn:aws:iam::111122223333:role/eks-node-group-role
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes, system:masters]
    - rolearn: arn:aws:iam::111122223333:role/ci
      username: ci
      groups: [system:bootstrappers]
  mapUsers: |
    - userarn: arn:aws:iam::111122223333:user/node-debug
      username: system:node:debug
      groups: [system:nodes]
`,
      expect: [
        {
          resource: 'ConfigMap/kube-system/aws-auth',
          path: 'data.mapRoles',
          severity: 'high',
          message:
            'data.mapRoles maps 3 principal(s) into node groups that are not node identities: arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PowerUser_abcdef0123456789 (a human or admin role), arn:aws:iam::111122223333:role/eks-node-group-role (also in system:masters), arn:aws:iam::111122223333:role/ci (username "ci" is not a node username)',
        },
        { path: 'data.mapUsers', message: 'arn:aws:iam::111122223333:user/node-debug (an IAM user, never a node)' },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'mapRoles entry without rolearn',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - username: system:node:{{EC2PrivateDNSName}}
      groups: [system:nodes]
`,
      expect: [{ path: 'data.mapRoles', message: 'data.mapRoles[0] has no rolearn' }],
    },
  ],
});
