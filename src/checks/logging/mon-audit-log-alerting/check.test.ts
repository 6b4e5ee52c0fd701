import type { AwsData } from '../../../model/index.js';
import { describeCheck } from '../../test-support/check-tester.js';
import { awsWith, CLUSTER_ARN, CLUSTER_SOURCE, denied, describeCluster, LOG_GROUP_ARN, LOG_GROUP_NAME } from '../../cluster/test-support/aws-fixtures.js';
import { check } from './check.js';

type Logs = NonNullable<AwsData['logs']>;
type LogGroup = NonNullable<Logs['logGroups']>[number];
type MetricFilter = NonNullable<Logs['metricFilters']>[number];

const group = (metricFilterCount?: number): LogGroup => ({
  logGroupName: LOG_GROUP_NAME,
  creationTime: 1710235304512,
  retentionInDays: 365,
  ...(metricFilterCount === undefined ? {} : { metricFilterCount }),
  arn: `${LOG_GROUP_ARN}:*`,
  logGroupArn: LOG_GROUP_ARN,
  storedBytes: 48_213_998_120,
});

const execFilter: MetricFilter = {
  filterName: 'eks-prod-pod-exec',
  filterPattern: '{ ($.verb = "create") && ($.objectRef.subresource = "exec") }',
  metricTransformations: [{ metricName: 'PodExec', metricNamespace: 'EKS/Audit', metricValue: '1', defaultValue: 0 }],
  creationTime: 1718700000000,
  logGroupName: LOG_GROUP_NAME,
};

const otherGroupFilter: MetricFilter = { ...execFilter, filterName: 'app-errors', logGroupName: '/aws/lambda/orders' };

const aws = (logs: Logs, cluster = describeCluster()) => awsWith({ cluster, logs });

describeCheck(check, {
  pass: [
    {
      name: 'a metric filter on pod exec',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: aws({ logGroups: [group(1)], metricFilters: [execFilter] }),
    },
    {
      name: 'filters not listed, but the log group counts one',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: aws({ logGroups: [group(2)] }),
    },
  ],
  fail: [
    {
      name: 'no metric filter on the control-plane log group',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: aws({ logGroups: [group(0)], metricFilters: [otherGroupFilter] }),
      expect: [{ resource: LOG_GROUP_ARN, path: 'metricFilterCount', severity: 'info', message: `Log group ${LOG_GROUP_NAME} has no metric filter` }],
    },
    {
      name: 'audit log type off: nothing to alert on',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: aws(
        { logGroups: [], metricFilters: [] },
        describeCluster({ logging: { clusterLogging: [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: false }] } }),
      ),
      expect: [{ resource: CLUSTER_ARN, path: 'logging.clusterLogging[0].enabled', message: 'sends no audit log to CloudWatch' }],
    },
  ],
  notEvaluated: [
    {
      name: 'DescribeMetricFilters denied and no count on the log group',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: aws({ logGroups: [group()] }),
      errors: [denied('logs', 'DescribeMetricFilters', LOG_GROUP_NAME)],
      expect: [{ resource: LOG_GROUP_ARN, message: /logs:DescribeMetricFilters for \/aws\/eks\/prod\/cluster failed during collection \(AccessDenied/ }],
    },
    {
      name: 'a manifests scan has no CloudWatch data',
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
      expect: [{ message: /needs AWS data \(eks:DescribeCluster\)/ }],
    },
  ],
});
