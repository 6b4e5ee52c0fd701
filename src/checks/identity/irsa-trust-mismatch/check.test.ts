import { describeCheck } from '../../test-support/check-tester.js';
import {
  awsError,
  cluster,
  CLUSTER_SOURCE,
  deploymentYaml,
  irsaTrust,
  ISSUER_PATH,
  OTHER_ACCOUNT,
  OTHER_ISSUER_PATH,
  role,
  roleArn,
  serviceAccountYaml,
  yamlStream,
} from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const API = roleArn('shop-api');
const ANNOTATION = 'metadata.annotations["eks.amazonaws.com/role-arn"]';
const sa = (arn: string, extra: Record<string, string> = {}) => yamlStream(serviceAccountYaml('shop', 'api', arn, extra), deploymentYaml('shop', 'api', 'api'));
const aws = (...roles: Array<ReturnType<typeof role>>) => ({ eks: { cluster: cluster() }, iam: { roles } });

describeCheck(check, {
  pass: [
    { name: 'role trusts exactly this service account', yaml: sa(API), source: CLUSTER_SOURCE, aws: aws(role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:api') })) },
    {
      name: 'cross-account role trusting the cluster’s issuer registered in its own account, custom audience',
      yaml: sa(roleArn('shop-reporting', OTHER_ACCOUNT), { 'eks.amazonaws.com/audience': 'reporting' }),
      source: CLUSTER_SOURCE,
      aws: aws(role('shop-reporting', { account: OTHER_ACCOUNT, trust: irsaTrust('system:serviceaccount:shop:*', { operator: 'StringLike', aud: 'reporting', account: OTHER_ACCOUNT }) })),
    },
  ],
  fail: [
    {
      name: 'role trusts another service account',
      yaml: sa(API),
      source: CLUSTER_SOURCE,
      aws: aws(role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:web') })),
      expect: [
        {
          resource: 'ServiceAccount/shop/api',
          path: ANNOTATION,
          severity: 'low',
          message: `ServiceAccount shop/api: the trust policy of ${API} does not let system:serviceaccount:shop:api (audience sts.amazonaws.com) assume it`,
        },
      ],
    },
    {
      name: 'role trusts another cluster’s provider only',
      yaml: sa(API),
      source: CLUSTER_SOURCE,
      aws: aws(role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:api', { issuerPath: OTHER_ISSUER_PATH }) })),
      expect: [{ resource: 'ServiceAccount/shop/api', path: ANNOTATION, message: `does not name this cluster’s OIDC provider (${ISSUER_PATH}); it trusts ${OTHER_ISSUER_PATH}` }],
    },
    {
      name: 'audience annotation the trust does not accept',
      yaml: sa(API, { 'eks.amazonaws.com/audience': 'vault' }),
      source: CLUSTER_SOURCE,
      aws: aws(role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:api') })),
      expect: [{ resource: 'ServiceAccount/shop/api', message: '(audience vault) assume it: the trust expects audience sts.amazonaws.com' }],
    },
    {
      name: 'annotated role was deleted',
      yaml: sa(roleArn('shop-api-old')),
      source: CLUSTER_SOURCE,
      aws: aws(),
      errors: [awsError('iam', 'GetRole', 'NoSuchEntity', roleArn('shop-api-old'))],
      expect: [{ resource: 'ServiceAccount/shop/api', path: ANNOTATION, severity: 'medium', message: 'which does not exist (NoSuchEntity)' }],
    },
    {
      name: 'annotation is not a role ARN',
      yaml: sa('arn:aws:iam::111122223333:user/shop-api'),
      source: CLUSTER_SOURCE,
      aws: aws(),
      expect: [{ resource: 'ServiceAccount/shop/api', path: ANNOTATION, message: 'which is not an IAM role ARN' }],
    },
  ],
  notEvaluated: [
    {
      name: 'GetRole denied',
      yaml: sa(API),
      source: CLUSTER_SOURCE,
      aws: aws(),
      errors: [awsError('iam', 'GetRole', 'AccessDenied', API)],
      expect: [{ resource: 'ServiceAccount/shop/api', path: ANNOTATION, message: /iam:GetRole for .*shop-api failed during collection \(AccessDenied/ }],
    },
    {
      name: 'cluster issuer unknown: DescribeCluster denied',
      yaml: sa(API),
      source: CLUSTER_SOURCE,
      aws: { iam: { roles: [role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:api') })] } },
      errors: [awsError('eks', 'DescribeCluster', 'AccessDenied')],
      expect: [{ resource: 'ServiceAccount/shop/api', message: /eks:DescribeCluster failed during collection \(AccessDenied/ }],
    },
  ],
});
