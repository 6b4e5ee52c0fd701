import { describeCheck } from '../../test-support/check-tester.js';
import {
  ACCOUNT,
  CLUSTER_SOURCE,
  denied,
  managedPolicyArn,
  nodegroup,
  NODE_ROLE,
  role,
  STANDARD_NODE_POLICIES,
} from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const KARPENTER_ROLE = `arn:aws:iam::${ACCOUNT}:role/KarpenterNodeRole-prod`;
const SSM_CORE = {
  PolicyArn: managedPolicyArn('AmazonSSMManagedInstanceCore'),
  Document: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['ssm:DescribeAssociation', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:UpdateInstanceInformation'], Resource: '*' },
      { Effect: 'Allow', Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:OpenDataChannel'], Resource: '*' },
      { Effect: 'Allow', Action: ['ec2messages:*'], Resource: '*' },
    ],
  },
};
const AWS_AUTH = `
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: ${KARPENTER_ROLE}
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
    - rolearn: arn:aws:iam::${ACCOUNT}:role/prod-fargate-pod-execution
      username: system:node:{{SessionName}}
      groups: [system:bootstrappers, system:nodes, system:node-proxier]
`;

describeCheck(check, {
  pass: [
    {
      name: 'the documented node policies plus SSM core',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('general'), nodegroup('system')] },
        iam: { roles: [role(NODE_ROLE, [...STANDARD_NODE_POLICIES, SSM_CORE])] },
      },
    },
  ],
  fail: [
    {
      name: 'S3 full access, an ECR push policy, PassRole + RunInstances, and a narrow extra policy',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('general')] },
        iam: {
          roles: [
            role(
              NODE_ROLE,
              [
                ...STANDARD_NODE_POLICIES,
                {
                  PolicyArn: managedPolicyArn('AmazonS3FullAccess'),
                  Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }] },
                },
              ],
              [
                {
                  PolicyName: 'ci-push',
                  Document: {
                    Version: '2012-10-17',
                    Statement: [{ Effect: 'Allow', Action: ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'], Resource: '*' }],
                  },
                },
                {
                  PolicyName: 'autoscaler-hack',
                  Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances', 'ec2:CreateTags'], Resource: '*' }] },
                },
                {
                  PolicyName: 'read-config',
                  Document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::prod-config/*' } },
                },
              ],
            ),
          ],
        },
      },
      expect: [
        {
          resource: `IAMRole/${NODE_ROLE}`,
          path: 'AttachedPolicies[3]',
          severity: 'high',
          message: /^Node role prod-eks-node \(node group general\): managed policy AmazonS3FullAccess lets every pod that reaches the node's instance metadata use every s3 action on every resource/,
        },
        { path: 'InlinePolicies[0]', message: /inline policy ci-push .* push to or alter every ECR repository \(ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload\)/ },
        { path: 'InlinePolicies[1]', message: /inline policy autoscaler-hack .* escalate in IAM: launch an instance with any role \(iam:PassRole \+ ec2:RunInstances\)/ },
        {
          path: 'InlinePolicies[2]',
          severity: 'medium',
          message: "Node role prod-eks-node (node group general): inline policy read-config is beyond what nodes need (s3:GetObject), and every pod that reaches the node's instance metadata holds it",
        },
      ],
    },
    {
      name: 'administrator access on a Karpenter node role found through aws-auth (Fargate execution role ignored)',
      yaml: AWS_AUTH,
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [] },
        iam: { roles: [role(KARPENTER_ROLE, [...STANDARD_NODE_POLICIES, 'AdministratorAccess'])] },
      },
      expect: [
        {
          resource: `IAMRole/${KARPENTER_ROLE}`,
          path: 'AttachedPolicies[3]',
          severity: 'critical',
          message: /\(aws-auth mapRoles\[0\]\): managed policy AdministratorAccess lets every pod .* use every action of every service on every resource/,
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'GetRole denied for the node role',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { nodegroups: [nodegroup('general')] }, iam: { roles: [] } },
      errors: [denied('iam', 'GetRole', NODE_ROLE)],
      expect: [{ resource: `IAMRole/${NODE_ROLE}`, message: /iam:GetRole for arn:aws:iam::111122223333:role\/prod-eks-node failed during collection \(AccessDenied/ }],
    },
    {
      name: 'an extra customer policy whose document was not collected',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('general')] },
        iam: { roles: [role(NODE_ROLE, [...STANDARD_NODE_POLICIES, { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/node-extras` }])] },
      },
      errors: [denied('iam', 'GetPolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/node-extras`)],
      expect: [{ path: 'AttachedPolicies[3]', message: /the document of managed policy node-extras is missing: iam:GetPolicyVersion .* failed during collection/ }],
    },
    {
      name: 'nothing names a node role',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'ListNodegroups')],
      expect: [{ message: /eks:ListNodegroups failed/ }],
    },
  ],
});
