import { describeCheck } from '../../test-support/check-tester.js';
import { allowDoc, association, awsError, cluster, CLUSTER_SOURCE, deploymentYaml, irsaTrust, podIdentityTrust, role, roleArn, serviceAccountYaml, yamlStream } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const KARPENTER = roleArn('prod-karpenter');
const karpenter = yamlStream(serviceAccountYaml('karpenter', 'karpenter', KARPENTER), deploymentYaml('karpenter', 'karpenter', 'karpenter', 'public.ecr.aws/karpenter/controller:1.1.1'));
const API = roleArn('shop-api');
const irsa = yamlStream(serviceAccountYaml('shop', 'api', API), deploymentYaml('shop', 'api', 'api'));
const aws = (...roles: Array<ReturnType<typeof role>>) => ({ eks: { cluster: cluster(), podIdentityAssociations: [] }, iam: { roles } });
const doc = (...statements: Array<Record<string, unknown>>) => ({ Version: '2012-10-17', Statement: statements.map((statement) => ({ Effect: 'Allow', ...statement })) });

describeCheck(check, {
  pass: [
    {
      name: 'Karpenter controller: PassRole only for the node role, to EC2',
      yaml: karpenter,
      source: CLUSTER_SOURCE,
      aws: aws(
        role('prod-karpenter', {
          trust: irsaTrust('system:serviceaccount:karpenter:karpenter'),
          inline: [
            {
              name: 'KarpenterControllerPolicy',
              document: doc(
                { Sid: 'AllowScopedEC2InstanceAccessActions', Action: ['ec2:RunInstances', 'ec2:CreateFleet'], Resource: ['arn:aws:ec2:eu-west-1::image/*', 'arn:aws:ec2:eu-west-1::snapshot/*', 'arn:aws:ec2:eu-west-1:*:security-group/*', 'arn:aws:ec2:eu-west-1:*:subnet/*'] },
                { Sid: 'AllowScopedEC2InstanceActionsWithTags', Action: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'], Resource: ['arn:aws:ec2:eu-west-1:*:fleet/*', 'arn:aws:ec2:eu-west-1:*:instance/*', 'arn:aws:ec2:eu-west-1:*:volume/*', 'arn:aws:ec2:eu-west-1:*:network-interface/*', 'arn:aws:ec2:eu-west-1:*:launch-template/*', 'arn:aws:ec2:eu-west-1:*:spot-instances-request/*'], Condition: { StringEquals: { 'aws:RequestTag/kubernetes.io/cluster/prod': 'owned' } } },
                { Sid: 'AllowPassingInstanceRole', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/KarpenterNodeRole-prod', Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } } },
                { Sid: 'AllowRegionalReadActions', Action: ['ec2:DescribeAvailabilityZones', 'ec2:DescribeImages', 'ec2:DescribeInstances', 'ec2:DescribeInstanceTypes', 'ec2:DescribeSubnets', 'ssm:GetParameter', 'pricing:GetProducts'], Resource: '*' },
              ),
            },
          ],
        }),
      ),
    },
  ],
  fail: [
    {
      name: 'PassRole on * with RunInstances',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:api'), inline: [{ name: 'ops', document: allowDoc(['iam:PassRole', 'ec2:RunInstances', 'ec2:Describe*']) }] })),
      expect: [
        {
          resource: API,
          path: 'InlinePolicies[0].Document.Statement[0]',
          severity: 'critical',
          message:
            'Role shop-api (ServiceAccount shop/api via IRSA (Deployment shop/api)) can escalate to more privileges: launch an instance with any role (iam:PassRole + ec2:RunInstances) [inline policy ops statement 0]',
        },
      ],
    },
    {
      name: 'writes inline policies on itself, and Lambda with PassRole limited to Lambda (Pod Identity)',
      yaml: yamlStream(serviceAccountYaml('ops', 'runner'), deploymentYaml('ops', 'runner', 'runner')),
      source: CLUSTER_SOURCE,
      aws: {
        eks: { cluster: cluster(), podIdentityAssociations: [association('ops', 'runner', roleArn('ops-runner'))] },
        iam: {
          roles: [
            role('ops-runner', {
              trust: podIdentityTrust(),
              inline: [
                {
                  name: 'runner',
                  document: doc(
                    { Action: 'iam:PutRolePolicy', Resource: roleArn('ops-runner') },
                    { Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } },
                    { Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: 'arn:aws:lambda:*:111122223333:function:*' },
                  ),
                },
              ],
            }),
          ],
        },
      },
      expect: [
        {
          resource: roleArn('ops-runner'),
          path: 'InlinePolicies[0].Document.Statement[0]',
          severity: 'critical',
          message:
            'write an inline policy on a role (iam:PutRolePolicy) on itself [inline policy runner statement 0], run a Lambda function as any role (iam:PassRole + lambda:CreateFunction + invoke) [inline policy runner statement 1; inline policy runner statement 2]',
        },
      ],
    },
    {
      name: 'an administrator role: every path, said once',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:api'), attached: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] })),
      expect: [
        {
          resource: API,
          path: 'AttachedPolicies[0].PolicyArn',
          severity: 'critical',
          message: 'can escalate to more privileges: every path, as it already holds every action of every service [AWS managed policy AdministratorAccess]',
        },
      ],
    },
    {
      name: 'policy versions only on tagged policies: reported one step lower',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(
        role('shop-api', {
          trust: irsaTrust('system:serviceaccount:shop:api'),
          attached: [{ arn: 'arn:aws:iam::111122223333:policy/policy-admin', document: doc({ Action: 'iam:CreatePolicyVersion', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/owner': 'shop' } } }) }],
        }),
      ),
      expect: [{ resource: API, path: 'AttachedPolicies[0].Document.Statement[0]', severity: 'high', message: 'rewrite a managed policy it holds or any other (iam:CreatePolicyVersion) [managed policy policy-admin statement 0] (only under conditions on aws:ResourceTag/owner)' }],
    },
  ],
  notEvaluated: [
    {
      name: 'GetRole denied',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(),
      errors: [awsError('iam', 'GetRole', 'AccessDenied', API)],
      expect: [{ resource: API, message: /iam:GetRole for .*shop-api failed during collection \(AccessDenied/ }],
    },
    {
      name: 'attached policies were not listed',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws({ ...role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:api') }), AttachedPolicies: undefined }),
      errors: [awsError('iam', 'ListAttachedRolePolicies', 'AccessDenied', API)],
      expect: [{ resource: API, path: 'AttachedPolicies', message: /attached policies: iam:ListAttachedRolePolicies for .*shop-api failed/ }],
    },
  ],
});
