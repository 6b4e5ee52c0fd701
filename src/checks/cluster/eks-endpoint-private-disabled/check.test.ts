import { describeCheck } from '../../test-support/check-tester.js';
import { awsWith, CLUSTER_ARN, CLUSTER_SOURCE, denied, describeCluster } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'private endpoint on, public off',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
    },
    {
      name: 'private and restricted public endpoint both on',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({
        cluster: describeCluster({ resourcesVpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] } }),
      }),
    },
  ],
  fail: [
    {
      name: 'public-only cluster (the EKS creation default)',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({
        cluster: describeCluster({ resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: false } }),
      }),
      expect: [{ resource: CLUSTER_ARN, path: 'resourcesVpcConfig.endpointPrivateAccess', message: 'has no private API endpoint' }],
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
      name: 'endpointPrivateAccess missing from the response',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ resourcesVpcConfig: { endpointPrivateAccess: undefined } }) }),
      expect: [{ resource: CLUSTER_ARN, message: 'endpointPrivateAccess' }],
    },
  ],
});
