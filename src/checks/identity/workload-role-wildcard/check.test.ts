import { describeCheck } from '../../test-support/check-tester.js';
import { allowDoc, awsError, cluster, CLUSTER_SOURCE, deploymentYaml, irsaTrust, role, roleArn, serviceAccountYaml, yamlStream } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const API = roleArn('shop-api');
const irsa = yamlStream(serviceAccountYaml('shop', 'api', API), deploymentYaml('shop', 'api', 'api'));
const trust = irsaTrust('system:serviceaccount:shop:api');
const aws = (...roles: Array<ReturnType<typeof role>>) => ({ eks: { cluster: cluster(), podIdentityAssociations: [] }, iam: { roles } });
const CNI_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AmazonEKSCNIPolicy',
      Effect: 'Allow',
      Action: ['ec2:AssignPrivateIpAddresses', 'ec2:AttachNetworkInterface', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeInstances', 'ec2:DescribeTags', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeInstanceTypes', 'ec2:DescribeSubnets', 'ec2:DetachNetworkInterface', 'ec2:ModifyNetworkInterfaceAttribute', 'ec2:UnassignPrivateIpAddresses'],
      Resource: '*',
    },
    { Sid: 'AmazonEKSCNIPolicyENITag', Effect: 'Allow', Action: ['ec2:CreateTags'], Resource: ['arn:aws:ec2:*:*:network-interface/*'] },
  ],
};

describeCheck(check, {
  pass: [
    {
      name: 'scoped data access and the VPC CNI policy (EC2 networking on *)',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(
        role('shop-api', {
          trust,
          attached: [{ arn: 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy', document: CNI_POLICY }],
          inline: [
            {
              name: 'app',
              document: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::shop-uploads/*' },
                  { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/api/*' },
                  { Effect: 'Allow', Action: 'dynamodb:*', Resource: 'arn:aws:dynamodb:eu-west-1:111122223333:table/shop-orders' },
                  { Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 'ec2:Describe*'], Resource: '*' },
                ],
              },
            },
          ],
        }),
      ),
    },
  ],
  fail: [
    {
      name: 'whole-service and secret reads on every resource',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(
        role('shop-api', {
          trust,
          attached: [{ arn: 'arn:aws:iam::111122223333:policy/shop-api', document: allowDoc(['s3:*', 'secretsmanager:GetSecretValue']) }],
          inline: [
            {
              name: 'crypto',
              document: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: 'arn:aws:kms:*:111122223333:key/*' },
                  { Effect: 'Allow', Action: 'dynamodb:*', Resource: 'arn:aws:dynamodb:*:*:table/*', Condition: { StringEquals: { 'aws:ResourceTag/app': 'shop' } } },
                ],
              },
            },
          ],
        }),
      ),
      expect: [
        {
          resource: API,
          path: 'AttachedPolicies[0].Document.Statement[0]',
          severity: 'high',
          // S3 object actions are part of s3:* and not listed again
          message:
            /^Role shop-api \(ServiceAccount shop\/api via IRSA \(Deployment shop\/api\)\): managed policy shop-api statement 0 allows s3:\* on every resource, secretsmanager:GetSecretValue on every resource \(read every secret\)$/,
        },
        { resource: API, path: 'InlinePolicies[0].Document.Statement[0]', severity: 'high', message: 'kms:Decrypt on every resource (decrypt with every KMS key)' },
        {
          resource: API,
          path: 'InlinePolicies[0].Document.Statement[1]',
          severity: 'medium',
          message: 'inline policy crypto statement 1 allows dynamodb:* on every resource (only under conditions on aws:ResourceTag/app)',
        },
      ],
    },
    {
      name: 'NotAction allow reaches every service',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(role('shop-api', { trust, inline: [{ name: 'broad', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] } }] })),
      expect: [{ resource: API, path: 'InlinePolicies[0].Document.Statement[0]', message: 'allows every action except iam:* on every resource' }],
    },
  ],
  notEvaluated: [
    {
      name: 'inline policy document could not be read',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(role('shop-api', { trust, inline: [{ name: 'app' }] })),
      errors: [awsError('iam', 'GetRolePolicy', 'AccessDenied', API)],
      expect: [{ resource: API, path: 'InlinePolicies[0]', message: /inline policy app: iam:GetRolePolicy for .*shop-api failed/ }],
    },
    {
      name: 'manifests scan',
      yaml: irsa,
      expect: [{ resource: API, message: /needs AWS data \(iam:GetRole/ }, { message: /Pod Identity roles unknown: needs AWS data/ }],
    },
  ],
});
