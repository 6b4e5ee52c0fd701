import { describeCheck } from '../../test-support/check-tester.js';
import { awsWith, CLUSTER_ARN, CLUSTER_SOURCE, clusterVersions, denied, describeCluster } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'upgrade policy STANDARD',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster(), eks: { clusterVersions: clusterVersions() } }),
    },
  ],
  fail: [
    {
      name: 'EXTENDED on a version in standard support',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ upgradePolicy: { supportType: 'EXTENDED' } }), eks: { clusterVersions: clusterVersions() } }),
      expect: [
        {
          resource: CLUSTER_ARN,
          path: 'upgradePolicy.supportType',
          severity: 'info',
          message: 'when standard support of Kubernetes 1.35 ends on 2027-03-27, it moves into paid extended support',
        },
      ],
    },
    {
      name: 'EXTENDED on a version already in extended support',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({
        cluster: describeCluster({ version: '1.32', upgradePolicy: { supportType: 'EXTENDED' } }),
        eks: { clusterVersions: clusterVersions() },
      }),
      expect: [{ resource: CLUSTER_ARN, path: 'upgradePolicy.supportType', message: 'billed the extended support rate now' }],
    },
    {
      name: 'EXTENDED without the version calendar',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ upgradePolicy: { supportType: 'EXTENDED' } }) }),
      expect: [{ resource: CLUSTER_ARN, message: 'when standard support of Kubernetes 1.35 ends, it moves' }],
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
      name: 'no upgradePolicy in the response',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster({ upgradePolicy: undefined }) }),
      expect: [{ resource: CLUSTER_ARN, message: 'upgradePolicy.supportType' }],
    },
  ],
});
