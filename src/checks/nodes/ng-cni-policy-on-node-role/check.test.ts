import { describeCheck } from '../../test-support/check-tester.js';
import { ACCOUNT, CLUSTER_SOURCE, denied, nodegroup, NODE_ROLE, role } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const CNI_ROLE = `arn:aws:iam::${ACCOUNT}:role/prod-aws-node`;
const AUTO_ROLE = `arn:aws:iam::${ACCOUNT}:role/prod-auto-node`;

describeCheck(check, {
  pass: [
    {
      name: 'node role without the CNI policy; Auto Mode node role from an access entry',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          nodegroups: [nodegroup('general')],
          accessEntries: [
            {
              accessEntry: { clusterName: 'prod', principalArn: AUTO_ROLE, type: 'EC2', kubernetesGroups: [], username: 'system:node:{{SessionName}}' },
              associatedAccessPolicies: [],
            },
          ],
        },
        iam: {
          roles: [
            role(NODE_ROLE, ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly']),
            role(AUTO_ROLE, ['AmazonEKSWorkerNodeMinimalPolicy', 'AmazonEC2ContainerRegistryPullOnly']),
          ],
        },
      },
    },
  ],
  fail: [
    {
      name: 'CNI policy on the node role, aws-node still relies on it',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('general'), nodegroup('batch')] },
        iam: { roles: [role(NODE_ROLE, ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEKS_CNI_Policy'])] },
      },
      expect: [
        {
          resource: `IAMRole/${NODE_ROLE}`,
          path: 'AttachedPolicies[2]',
          message: /^Node role prod-eks-node \(node group general, node group batch\) has AmazonEKS_CNI_Policy attached: .*; give aws-node its own role \(IRSA or Pod Identity\) first, then detach it$/,
        },
      ],
    },
    {
      name: 'CNI policy still attached although aws-node already has an IRSA role',
      yaml: `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: aws-node
  namespace: kube-system
  annotations: { eks.amazonaws.com/role-arn: ${CNI_ROLE} }
`,
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('general')] },
        iam: { roles: [role(NODE_ROLE, ['AmazonEKS_CNI_Policy', 'AmazonEKSWorkerNodePolicy'])] },
      },
      expect: [{ path: 'AttachedPolicies[0]', message: /aws-node already uses IRSA role arn:aws:iam::111122223333:role\/prod-aws-node on ServiceAccount kube-system\/aws-node, so the policy can be detached now$/ }],
    },
  ],
  notEvaluated: [
    {
      name: 'attached policies not listed',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('general')] },
        iam: { roles: [{ ...role(NODE_ROLE, []), AttachedPolicies: undefined }] },
      },
      errors: [denied('iam', 'ListAttachedRolePolicies', NODE_ROLE)],
      expect: [{ message: /iam:ListAttachedRolePolicies for arn:aws:iam::111122223333:role\/prod-eks-node failed during collection/ }],
    },
    {
      name: 'role not collected',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { nodegroups: [nodegroup('general')] } },
      expect: [{ message: /iam:GetRole for arn:aws:iam::111122223333:role\/prod-eks-node was not collected/ }],
    },
  ],
});
