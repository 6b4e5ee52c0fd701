import { describeCheck } from '../../test-support/check-tester.js';
import {
  ACCOUNT,
  awsWith,
  CLUSTER_ARN,
  CLUSTER_SOURCE,
  denied,
  describeCluster,
  OIDC_ID,
  OIDC_PROVIDER_ARN,
  REGION,
} from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const serviceAccount = (namespace: string, name: string, roleArn?: string) => `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${namespace}
${roleArn ? `  annotations:\n    eks.amazonaws.com/role-arn: ${roleArn}\n` : ''}`;

const IRSA = [
  serviceAccount('kube-system', 'ebs-csi-controller-sa', `arn:aws:iam::${ACCOUNT}:role/prod-ebs-csi-driver`),
  serviceAccount('shop', 'orders', `arn:aws:iam::${ACCOUNT}:role/prod-orders-s3`),
  serviceAccount('shop', 'default'),
].join('---\n');

const provider = { Arn: OIDC_PROVIDER_ARN, Url: `oidc.eks.${REGION}.amazonaws.com/id/${OIDC_ID}`, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [] };
const otherProvider = {
  Arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.${REGION}.amazonaws.com/id/9A8B7C6D5E4F30211203F4E5D6C7B8A9`,
  Url: `oidc.eks.${REGION}.amazonaws.com/id/9A8B7C6D5E4F30211203F4E5D6C7B8A9`,
  ClientIDList: ['sts.amazonaws.com'],
};

const withProviders = (providers: Array<typeof otherProvider> | undefined) =>
  awsWith({ cluster: describeCluster(), ...(providers ? { iam: { openIdConnectProviders: providers } } : {}) });

describeCheck(check, {
  pass: [
    {
      name: 'issuer registered',
      yaml: IRSA,
      source: CLUSTER_SOURCE,
      aws: withProviders([otherProvider, provider]),
    },
    {
      name: 'provider known only by its ARN',
      yaml: IRSA,
      source: CLUSTER_SOURCE,
      aws: withProviders([{ Arn: OIDC_PROVIDER_ARN } as typeof otherProvider]),
    },
    {
      name: 'no service account uses IRSA (Pod Identity cluster)',
      yaml: serviceAccount('shop', 'orders'),
      source: CLUSTER_SOURCE,
      aws: withProviders([]),
    },
  ],
  fail: [
    {
      name: 'two IRSA service accounts, issuer never registered',
      yaml: IRSA,
      source: CLUSTER_SOURCE,
      aws: withProviders([otherProvider]),
      expect: [
        {
          resource: CLUSTER_ARN,
          path: 'identity.oidc.issuer',
          severity: 'low',
          message: `2 service accounts use IRSA (kube-system/ebs-csi-controller-sa → arn:aws:iam::${ACCOUNT}:role/prod-ebs-csi-driver, shop/orders → arn:aws:iam::${ACCOUNT}:role/prod-orders-s3) but issuer oidc.eks.eu-west-1.amazonaws.com/id/${OIDC_ID.toLowerCase()} of cluster "prod" is not an IAM OIDC provider in account ${ACCOUNT}`,
        },
      ],
    },
    {
      name: 'one IRSA service account among plain ones',
      yaml: [serviceAccount('shop', 'orders', `arn:aws:iam::${ACCOUNT}:role/prod-orders-s3`), serviceAccount('shop', 'default')].join('---\n'),
      source: CLUSTER_SOURCE,
      aws: withProviders([]),
      expect: [{ resource: CLUSTER_ARN, message: /^1 service account uses IRSA \(shop\/orders → / }],
    },
    {
      name: 'cross-account roles are left out of the count',
      yaml: [IRSA, serviceAccount('analytics', 'exporter', 'arn:aws:iam::444455556666:role/analytics-export')].join('---\n'),
      source: CLUSTER_SOURCE,
      aws: withProviders([]),
      expect: [{ resource: CLUSTER_ARN, message: /^2 service accounts use IRSA/ }],
    },
  ],
  notEvaluated: [
    {
      name: 'ListOpenIDConnectProviders denied',
      yaml: IRSA,
      source: CLUSTER_SOURCE,
      aws: withProviders(undefined),
      errors: [denied('iam', 'ListOpenIDConnectProviders')],
      expect: [{ resource: CLUSTER_ARN, message: /iam:ListOpenIDConnectProviders failed during collection \(AccessDenied/ }],
    },
    {
      name: 'only cross-account IRSA roles',
      yaml: serviceAccount('analytics', 'exporter', 'arn:aws:iam::444455556666:role/analytics-export'),
      source: CLUSTER_SOURCE,
      aws: withProviders([]),
      expect: [{ resource: CLUSTER_ARN, message: 'every IRSA role lives in another account (444455556666)' }],
    },
    {
      name: 'service accounts could not be listed and no provider is registered',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withProviders([]),
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'v1/serviceaccounts', code: 403, message: 'serviceaccounts is forbidden' }],
      expect: [{ resource: CLUSTER_ARN, message: 'listing v1/serviceaccounts failed during collection' }],
    },
    {
      name: 'DescribeCluster denied',
      yaml: IRSA,
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'DescribeCluster', 'prod')],
      expect: [{ message: /eks:DescribeCluster for prod failed during collection/ }],
    },
  ],
});
