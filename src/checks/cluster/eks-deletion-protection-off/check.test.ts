import { describeCheck } from '../../test-support/check-tester.js';
import { awsWith, CLUSTER_ARN, CLUSTER_SOURCE, denied, describeCluster } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'deletion protection on',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
    },
  ],
  fail: [
    {
      name: 'deletion protection off',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ deletionProtection: false }) }),
      expect: [{ resource: CLUSTER_ARN, path: 'deletionProtection', severity: 'low', message: 'deletion protection is off' }],
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
    {
      name: 'field absent from an older snapshot',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ deletionProtection: undefined }) }),
      expect: [{ resource: CLUSTER_ARN, message: 'no deletionProtection field' }],
    },
  ],
});
