import type { AwsData } from '../../../model/index.js';
import { describeCheck } from '../../test-support/check-tester.js';
import {
  ACCOUNT,
  awsWith,
  CLUSTER_ARN,
  CLUSTER_SOURCE,
  denied,
  describeCluster,
  LOG_GROUP_ARN,
  LOG_GROUP_NAME,
  REGION,
} from '../test-support/aws-fixtures.js';
import { check } from './check.js';

type LogGroup = NonNullable<NonNullable<AwsData['logs']>['logGroups']>[number];

const LOG_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/7d3e2f1a-0b9c-4d8e-a7f6-5e4d3c2b1a09`;

function group(patch: Partial<LogGroup> = {}): LogGroup {
  return {
    logGroupName: LOG_GROUP_NAME,
    creationTime: 1710235304512,
    retentionInDays: 365,
    metricFilterCount: 0,
    arn: `${LOG_GROUP_ARN}:*`,
    storedBytes: 48_213_998_120,
    kmsKeyId: LOG_KEY,
    logGroupClass: 'STANDARD',
    logGroupArn: LOG_GROUP_ARN,
    ...patch,
  };
}

const withGroups = (groups: LogGroup[], cluster = describeCluster()) => awsWith({ cluster, logs: { logGroups: groups } });

describeCheck(check, {
  pass: [
    {
      name: 'one year retention, customer KMS key',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withGroups([group()]),
    },
    {
      name: 'other clusters\' log groups do not matter',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withGroups([group(), group({ logGroupName: '/aws/eks/prod-old/cluster', retentionInDays: undefined, kmsKeyId: undefined, logGroupArn: undefined, arn: undefined })]),
    },
    {
      name: 'short retention is fine when no minimum is configured',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withGroups([group({ retentionInDays: 7 })]),
    },
  ],
  fail: [
    {
      name: 'log group as EKS creates it: never expires, no KMS key',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withGroups([group({ retentionInDays: undefined, kmsKeyId: undefined })]),
      expect: [
        { resource: LOG_GROUP_ARN, path: 'retentionInDays', message: 'keeps control-plane logs forever' },
        { resource: LOG_GROUP_ARN, path: 'kmsKeyId', message: 'not encrypted with a customer-managed KMS key' },
      ],
    },
    {
      name: 'retention below the configured minimum',
      yaml: '',
      source: CLUSTER_SOURCE,
      options: { minRetentionDays: 90 },
      aws: withGroups([group({ retentionInDays: 14 })]),
      expect: [{ resource: LOG_GROUP_ARN, path: 'retentionInDays', message: 'for 14 days, under the 90 days configured' }],
    },
    {
      name: 'log group identified by its name only (no ARN fields)',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withGroups([group({ arn: undefined, logGroupArn: undefined, kmsKeyId: undefined })]),
      expect: [{ resource: LOG_GROUP_NAME, path: 'kmsKeyId' }],
    },
  ],
  notEvaluated: [
    {
      name: 'DescribeLogGroups denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
      errors: [denied('logs', 'DescribeLogGroups')],
      expect: [{ message: /logs:DescribeLogGroups failed during collection \(AccessDenied/ }],
    },
    {
      name: 'logging enabled but the log group was not collected',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withGroups([]),
      expect: [{ resource: CLUSTER_ARN, message: `log group ${LOG_GROUP_NAME} is not among the collected log groups` }],
    },
  ],
});
