import { describeCheck } from '../../test-support/check-tester.js';
import { awsWith, CLUSTER_ARN, CLUSTER_SOURCE, denied, describeCluster } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'private endpoint only',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
    },
  ],
  fail: [
    {
      name: 'public endpoint restricted by CIDR is still public',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({
        cluster: describeCluster({ resourcesVpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] } }),
      }),
      expect: [{ resource: CLUSTER_ARN, path: 'resourcesVpcConfig.endpointPublicAccess', message: 'allowed from 203.0.113.0/24' }],
    },
    {
      name: 'public and private endpoint both on, default CIDRs',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({
        cluster: describeCluster({ resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: [] } }),
      }),
      expect: [{ resource: CLUSTER_ARN, path: 'resourcesVpcConfig.endpointPublicAccess', message: '0.0.0.0/0 (default)' }],
    },
  ],
  notEvaluated: [
    {
      name: 'DescribeCluster denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'DescribeCluster')],
      expect: [{ message: /eks:DescribeCluster for prod failed during collection \(AccessDenied/ }],
    },
    {
      name: 'no resourcesVpcConfig in the response',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ resourcesVpcConfig: undefined }) }),
      expect: [{ resource: CLUSTER_ARN, message: 'endpointPublicAccess' }],
    },
  ],
});
