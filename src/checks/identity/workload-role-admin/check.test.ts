import { describeCheck } from '../../test-support/check-tester.js';
import {
  ADMIN_POLICY_ARN,
  allowDoc,
  association,
  awsError,
  cluster,
  CLUSTER_ARN,
  CLUSTER_SOURCE,
  deploymentYaml,
  irsaTrust,
  OTHER_ACCOUNT,
  podIdentityTrust,
  role,
  roleArn,
  serviceAccountYaml,
  yamlStream,
} from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const API = roleArn('shop-api');
const irsa = yamlStream(serviceAccountYaml('shop', 'api', API), deploymentYaml('shop', 'api', 'api'));
const trust = irsaTrust('system:serviceaccount:shop:api');
const adminDoc = allowDoc('*');
const aws = (...roles: Array<ReturnType<typeof role>>) => ({ eks: { cluster: cluster(), podIdentityAssociations: [] }, iam: { roles } });
const S3_READ = allowDoc(['s3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::shop-assets', 'arn:aws:s3:::shop-assets/*']);

describeCheck(check, {
  pass: [
    {
      name: 'least-privilege S3 policy',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(role('shop-api', { trust, attached: [{ arn: 'arn:aws:iam::111122223333:policy/shop-assets-read', document: S3_READ }] })),
    },
    {
      name: 'AdministratorAccess attached but an inline Deny of everything except S3 reads',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(
        role('shop-api', {
          trust,
          attached: [{ arn: ADMIN_POLICY_ARN, document: adminDoc }],
          inline: [{ name: 'guardrail', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: ['s3:Get*', 's3:List*'], Resource: '*' }] } }],
        }),
      ),
    },
    {
      name: 'admin role narrowed by the Pod Identity session policy',
      yaml: yamlStream(serviceAccountYaml('shop', 'orders'), deploymentYaml('shop', 'orders', 'orders')),
      source: CLUSTER_SOURCE,
      aws: {
        eks: { cluster: cluster(), podIdentityAssociations: [association('shop', 'orders', roleArn('shared-admin'), { policy: JSON.stringify(S3_READ) })] },
        iam: { roles: [role('shared-admin', { trust: podIdentityTrust(), attached: [{ arn: ADMIN_POLICY_ARN, document: adminDoc }] })] },
      },
    },
  ],
  fail: [
    {
      name: 'AdministratorAccess attached (document not collected, recognised by ARN)',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(role('shop-api', { trust, attached: [{ arn: ADMIN_POLICY_ARN }] })),
      expect: [
        {
          resource: API,
          path: 'AttachedPolicies[0].PolicyArn',
          severity: 'critical',
          message:
            'Role shop-api (ServiceAccount shop/api via IRSA (Deployment shop/api)) has administrator access: every action of every service through AWS managed policy AdministratorAccess',
        },
      ],
    },
    {
      name: 'inline Action * statement',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(role('shop-api', { trust, inline: [{ name: 'debug', document: { Version: '2012-10-17', Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }] } }] })),
      expect: [{ resource: API, path: 'InlinePolicies[0].Document.Statement[0]', message: 'through inline policy debug statement 0 ("Everything")' }],
    },
    {
      name: 'IAMFullAccess on a Pod Identity target role in another account',
      yaml: yamlStream(serviceAccountYaml('ops', 'reporter'), deploymentYaml('ops', 'reporter', 'reporter')),
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          cluster: cluster(),
          podIdentityAssociations: [association('ops', 'reporter', roleArn('reporter-hop'), { targetRoleArn: roleArn('reporter', OTHER_ACCOUNT), externalId: 'ext-1' })],
        },
        iam: {
          roles: [
            role('reporter-hop', { trust: podIdentityTrust(), attached: [] }),
            role('reporter', { account: OTHER_ACCOUNT, attached: [{ arn: 'arn:aws:iam::aws:policy/IAMFullAccess' }] }),
          ],
        },
      },
      expect: [
        {
          resource: roleArn('reporter', OTHER_ACCOUNT),
          path: 'AttachedPolicies[0].PolicyArn',
          message: 'ServiceAccount ops/reporter via Pod Identity target role (Deployment ops/reporter)) has administrator access: every IAM action through AWS managed policy IAMFullAccess',
        },
      ],
    },
    {
      name: 'PowerUserAccess (NotAction iam:*) with its document',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(
        role('shop-api', {
          trust,
          attached: [
            {
              arn: 'arn:aws:iam::aws:policy/PowerUserAccess',
              document: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
                  { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization'], Resource: '*' },
                ],
              },
            },
          ],
        }),
      ),
      expect: [{ resource: API, path: 'AttachedPolicies[0].PolicyArn', message: 'every action except iam:*, organizations:*, account:* through AWS managed policy PowerUserAccess' }],
    },
    {
      name: 'admin only in one region: reported one step lower',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(
        role('shop-api', {
          trust,
          inline: [{ name: 'regional', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }] } }],
        }),
      ),
      expect: [{ resource: API, severity: 'high', message: 'only under conditions on aws:RequestedRegion' }],
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
      name: 'a customer managed policy whose document could not be read',
      yaml: irsa,
      source: CLUSTER_SOURCE,
      aws: aws(role('shop-api', { trust, attached: [{ arn: 'arn:aws:iam::111122223333:policy/shop-api' }] })),
      errors: [awsError('iam', 'GetPolicyVersion', 'AccessDenied', 'arn:aws:iam::111122223333:policy/shop-api')],
      expect: [{ resource: API, path: 'AttachedPolicies[0]', message: /managed policy shop-api: iam:GetPolicyVersion for .* failed during collection/ }],
    },
    {
      name: 'Pod Identity associations not listed',
      yaml: deploymentYaml('shop', 'orders', 'orders'),
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster() }, iam: { roles: [] } },
      errors: [awsError('eks', 'ListPodIdentityAssociations', 'AccessDenied')],
      expect: [{ resource: CLUSTER_ARN, message: /Pod Identity roles unknown: eks:ListPodIdentityAssociations failed/ }],
    },
  ],
});
