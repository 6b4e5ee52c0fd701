import { describeCheck } from '../../test-support/check-tester.js';
import { awsWith, CLUSTER_ARN, CLUSTER_SOURCE, denied, describeCluster } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'no health issues',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
    },
    {
      name: 'a response without a health block',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ health: undefined }) }),
    },
  ],
  fail: [
    {
      name: 'a deleted subnet and an exhausted one',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({
        cluster: describeCluster({
          health: {
            issues: [
              { code: 'Ec2SubnetNotFound', message: 'One or more subnets were not found.', resourceIds: ['subnet-0c3d4e5f607182930'] },
              { code: 'InsufficientFreeAddresses', message: 'One or more of the subnets has insufficient free IP addresses.', resourceIds: ['subnet-0a1b2c3d4e5f60718'] },
            ],
          },
        }),
      }),
      expect: [
        {
          resource: CLUSTER_ARN,
          path: 'health.issues[0]',
          message: 'Cluster "prod" reports Ec2SubnetNotFound: One or more subnets were not found. (subnet-0c3d4e5f607182930)',
        },
        { resource: CLUSTER_ARN, path: 'health.issues[1]', message: 'InsufficientFreeAddresses' },
      ],
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
