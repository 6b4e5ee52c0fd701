import { describeCheck } from '../../test-support/check-tester.js';
import { awsWith, CLUSTER_ARN, CLUSTER_SOURCE, denied, describeCluster, SECRETS_KEY_ARN } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'Secrets encrypted with a customer-managed key',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
    },
    {
      name: 'key named by alias ARN',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({
        cluster: describeCluster({
          encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: 'arn:aws:kms:eu-west-1:111122223333:alias/prod-eks-secrets' } }],
        }),
      }),
    },
  ],
  fail: [
    {
      name: 'Kubernetes 1.35 without a customer key: AWS-owned default key only',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ encryptionConfig: undefined }) }),
      expect: [{ resource: CLUSTER_ARN, path: 'encryptionConfig', severity: 'medium', message: 'only with the AWS-owned default key' }],
    },
    {
      name: 'Kubernetes 1.27 without a key: disk encryption only',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ version: '1.27', encryptionConfig: [] }) }),
      expect: [{ resource: CLUSTER_ARN, path: 'encryptionConfig', severity: 'high', message: 'Kubernetes 1.27' }],
    },
    {
      name: 'an entry without provider.keyArn does not count',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ encryptionConfig: [{ resources: ['secrets'], provider: {} }] }) }),
      expect: [{ resource: CLUSTER_ARN, path: 'encryptionConfig' }],
    },
    {
      name: 'a key for other resources only does not count',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ encryptionConfig: [{ resources: ['configmaps'], provider: { keyArn: SECRETS_KEY_ARN } }] }) }),
      expect: [{ resource: CLUSTER_ARN, path: 'encryptionConfig' }],
    },
  ],
  notEvaluated: [
    {
      name: 'DescribeCluster denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'DescribeCluster', 'prod')],
      expect: [{ message: /eks:DescribeCluster for prod failed during collection \(AccessDenied/ }],
    },
  ],
});
