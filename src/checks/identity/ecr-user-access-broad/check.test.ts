import { describeCheck } from '../../test-support/check-tester.js';
import { ACCOUNT, allowDoc, awsError, cluster, CLUSTER_SOURCE, deploymentYaml, irsaTrust, REGION, role, roleArn, serviceAccountYaml, yamlStream } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const PULL = [
  'ecr:GetAuthorizationToken',
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:GetRepositoryPolicy',
  'ecr:DescribeRepositories',
  'ecr:ListImages',
  'ecr:DescribeImages',
  'ecr:BatchGetImage',
  'ecr:GetLifecyclePolicy',
  'ecr:GetLifecyclePolicyPreview',
  'ecr:ListTagsForResource',
  'ecr:DescribeImageScanFindings',
];
const PUSH = ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'];
const nodeTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const nodegroup = (nodeRole: string) => ({
  nodegroupName: 'general',
  nodegroupArn: `arn:aws:eks:${REGION}:${ACCOUNT}:nodegroup/prod/general/7ec6b5a4-0000-4000-8000-000000000001`,
  clusterName: 'prod',
  version: '1.31',
  releaseVersion: '1.31.4-20250115',
  status: 'ACTIVE' as const,
  capacityType: 'ON_DEMAND' as const,
  instanceTypes: ['m6i.large'],
  subnets: ['subnet-0a1b2c3d4e5f60718'],
  amiType: 'AL2023_x86_64_STANDARD' as const,
  nodeRole,
  scalingConfig: { minSize: 2, maxSize: 6, desiredSize: 3 },
});
const NODE_ROLE = roleArn('prod-node-role');
const CI = roleArn('shop-ci');
const ciWorkload = yamlStream(serviceAccountYaml('ci', 'builder', CI), deploymentYaml('ci', 'builder', 'builder'));

describeCheck(check, {
  pass: [
    {
      name: 'node role pulls only; CI role pushes to its own repositories',
      yaml: ciWorkload,
      source: CLUSTER_SOURCE,
      aws: {
        eks: { cluster: cluster(), nodegroups: [nodegroup(NODE_ROLE)], podIdentityAssociations: [] },
        iam: {
          roles: [
            role('prod-node-role', { trust: nodeTrust, attached: [{ arn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly', document: allowDoc(PULL) }] }),
            role('shop-ci', {
              trust: irsaTrust('system:serviceaccount:ci:builder'),
              inline: [
                {
                  name: 'push-shop',
                  document: {
                    Version: '2012-10-17',
                    Statement: [
                      { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
                      { Effect: 'Allow', Action: [...PULL, ...PUSH], Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/shop/*` },
                    ],
                  },
                },
              ],
            }),
          ],
        },
      },
    },
  ],
  fail: [
    {
      name: 'node role with AmazonEC2ContainerRegistryPowerUser; workload role with ecr:* on every repository',
      yaml: ciWorkload,
      source: CLUSTER_SOURCE,
      aws: {
        eks: { cluster: cluster(), nodegroups: [nodegroup(NODE_ROLE)], podIdentityAssociations: [] },
        iam: {
          roles: [
            role('prod-node-role', { trust: nodeTrust, attached: [{ arn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser', document: allowDoc([...PULL, ...PUSH]) }] }),
            role('shop-ci', { trust: irsaTrust('system:serviceaccount:ci:builder'), inline: [{ name: 'ecr', document: allowDoc('ecr:*', `arn:aws:ecr:*:${ACCOUNT}:repository/*`) }] }),
          ],
        },
      },
      expect: [
        {
          resource: NODE_ROLE,
          path: 'AttachedPolicies[0].Document.Statement[0]',
          severity: 'medium',
          message:
            'Role prod-node-role (node role of node group general) may ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload on every ECR repository through managed policy AmazonEC2ContainerRegistryPowerUser statement 0',
        },
        { resource: CI, path: 'InlinePolicies[0].Document.Statement[0]', message: 'Role shop-ci (workload role of ci/builder) may ecr:* on every ECR repository through inline policy ecr statement 0' },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'IAM roles not collected',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster() } },
      errors: [awsError('iam', 'GetRole', 'AccessDenied')],
      expect: [{ message: /iam:GetRole failed during collection \(AccessDenied/ }],
    },
    {
      name: 'a role whose managed policy document is missing',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), nodegroups: [nodegroup(NODE_ROLE)] }, iam: { roles: [role('prod-node-role', { trust: nodeTrust, attached: [{ arn: 'arn:aws:iam::111122223333:policy/node-extra' }] })] } },
      expect: [{ resource: NODE_ROLE, path: 'AttachedPolicies[0]', message: /iam:GetPolicyVersion for arn:aws:iam::111122223333:policy\/node-extra was not collected/ }],
    },
  ],
});
