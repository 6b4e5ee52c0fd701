import { describeCheck } from '../../test-support/check-tester.js';
import { awsWith, CLUSTER_ARN, CLUSTER_SOURCE, denied, describeCluster } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const publicWith = (publicAccessCidrs: string[] | undefined) =>
  awsWith({ cluster: describeCluster({ resourcesVpcConfig: { endpointPublicAccess: true, publicAccessCidrs } }) });

describeCheck(check, {
  pass: [
    {
      name: 'private-only endpoint, even though DescribeCluster still lists the default 0.0.0.0/0',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
    },
    {
      name: 'public endpoint restricted to office and CI ranges',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: publicWith(['203.0.113.0/24', '198.51.100.17/32']),
    },
    {
      name: 'two halves that leave a gap do not cover the internet',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: publicWith(['0.0.0.0/2', '128.0.0.0/1']),
    },
  ],
  fail: [
    {
      name: 'public endpoint open to 0.0.0.0/0',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: publicWith(['0.0.0.0/0']),
      expect: [{ resource: CLUSTER_ARN, path: 'resourcesVpcConfig.publicAccessCidrs[0]', message: 'accepts 0.0.0.0/0' }],
    },
    {
      name: 'IPv6 ::/0 next to a restricted IPv4 range',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: publicWith(['203.0.113.0/24', '::/0']),
      expect: [{ resource: CLUSTER_ARN, path: 'resourcesVpcConfig.publicAccessCidrs[1]', message: '::/0' }],
    },
    {
      name: 'two /1 blocks that together allow everything',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: publicWith(['0.0.0.0/1', '128.0.0.0/1']),
      expect: [{ resource: CLUSTER_ARN, path: 'resourcesVpcConfig.publicAccessCidrs', message: 'together cover every IPv4 address' }],
    },
    {
      name: 'no CIDR list at all means the EKS default 0.0.0.0/0',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: publicWith([]),
      expect: [{ resource: CLUSTER_ARN, path: 'resourcesVpcConfig.publicAccessCidrs', message: 'EKS then allows 0.0.0.0/0' }],
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
      name: 'a manifests scan has no AWS data',
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
      expect: [{ message: /needs AWS data \(eks:DescribeCluster\)/ }],
    },
    {
      name: 'resourcesVpcConfig missing from the response',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ resourcesVpcConfig: undefined }) }),
      expect: [{ resource: CLUSTER_ARN, message: 'endpointPublicAccess' }],
    },
  ],
});
