import { describeCheck } from '../../test-support/check-tester.js';
import { awsWith, CLUSTER_ARN, CLUSTER_SOURCE, clusterVersions, denied, describeCluster } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const at = (version: string, supportType: 'STANDARD' | 'EXTENDED' = 'EXTENDED', versions = clusterVersions()) =>
  awsWith({ cluster: describeCluster({ version, upgradePolicy: { supportType } }), eks: { clusterVersions: versions } });

describeCheck(check, {
  pass: [
    {
      name: '1.35 has 120 days of standard support left',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: at('1.35'),
    },
    {
      name: 'already in extended support: reported by eks-version-unsupported instead',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: at('1.33'),
    },
    {
      name: 'a shorter warning window',
      yaml: '',
      source: CLUSTER_SOURCE,
      options: { days: 3 },
      aws: at('1.34'),
    },
  ],
  fail: [
    {
      name: '1.34 leaves standard support in 4 days, auto-enrolled in extended support',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: at('1.34'),
      expect: [
        {
          resource: CLUSTER_ARN,
          path: 'version',
          message: 'Standard support of Kubernetes 1.34 (cluster "prod") ends on 2026-12-02, in 4 days; then the cluster moves into paid extended support',
        },
      ],
    },
    {
      name: 'upgrade policy STANDARD: EKS will upgrade it',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: at('1.34', 'STANDARD'),
      expect: [{ resource: CLUSTER_ARN, message: 'EKS upgrades the cluster to 1.35 automatically' }],
    },
    {
      name: 'a longer window reaches 1.35',
      yaml: '',
      source: CLUSTER_SOURCE,
      options: { days: 180 },
      aws: at('1.35'),
      expect: [{ resource: CLUSTER_ARN, message: 'ends on 2027-03-27, in 119 days' }],
    },
  ],
  notEvaluated: [
    {
      name: 'DescribeClusterVersions denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: awsWith({ cluster: describeCluster() }),
      errors: [denied('eks', 'DescribeClusterVersions')],
      expect: [{ message: /eks:DescribeClusterVersions failed during collection \(AccessDenied/ }],
    },
    {
      name: 'standard support without an end date',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: at('1.35', 'EXTENDED', clusterVersions().map((entry) => ({ ...entry, endOfStandardSupportDate: undefined }))),
      expect: [{ resource: CLUSTER_ARN, message: 'no endOfStandardSupportDate' }],
    },
  ],
});
