import { describeCheck } from '../../test-support/check-tester.js';
import { awsWith, CLUSTER_ARN, CLUSTER_SOURCE, clusterVersions, denied, describeCluster } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const at = (version: string, versions = clusterVersions()) =>
  awsWith({ cluster: describeCluster({ version, upgradePolicy: { supportType: 'EXTENDED' } }), eks: { clusterVersions: versions } });

describeCheck(check, {
  pass: [
    {
      name: 'Kubernetes 1.35 in standard support',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: at('1.35'),
    },
    {
      name: 'only the legacy status field, standard support',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: at('1.34', clusterVersions().map((entry) => ({ ...entry, versionStatus: undefined }))),
    },
  ],
  fail: [
    {
      name: 'Kubernetes 1.32 in extended support',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: at('1.32'),
      expect: [
        {
          resource: CLUSTER_ARN,
          path: 'version',
          severity: 'medium',
          message: 'Kubernetes 1.32, which left standard support on 2026-03-23 and is in paid extended support until 2027-03-23',
        },
      ],
    },
    {
      name: 'Kubernetes 1.31 past the end of extended support',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: at('1.31'),
      expect: [{ resource: CLUSTER_ARN, path: 'version', severity: 'high', message: 'out of all support since 2026-11-26' }],
    },
    {
      name: 'Kubernetes 1.29 no longer listed at all',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: at('1.29'),
      expect: [{ resource: CLUSTER_ARN, path: 'version', severity: 'high', message: 'older than any version EKS still lists (oldest: 1.31)' }],
    },
    {
      name: 'no status fields: decided from the dates at collection time',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: at('1.33', clusterVersions().map((entry) => ({ ...entry, versionStatus: undefined, status: undefined }))),
      expect: [{ resource: CLUSTER_ARN, severity: 'medium', message: 'left standard support on 2026-07-29' }],
    },
    {
      name: 'no collection time: the now option decides',
      yaml: '',
      source: { ...CLUSTER_SOURCE, collectedAt: undefined },
      options: { now: '2027-04-01T00:00:00Z' },
      aws: at('1.32', clusterVersions().map((entry) => ({ ...entry, versionStatus: undefined, status: undefined }))),
      expect: [{ resource: CLUSTER_ARN, severity: 'high', message: 'out of all support since 2027-03-23' }],
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
      name: 'DescribeCluster denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'DescribeCluster', 'prod')],
      expect: [{ message: /eks:DescribeCluster for prod failed during collection/ }],
    },
    {
      name: 'a version newer than any listed',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: at('1.36'),
      expect: [{ resource: CLUSTER_ARN, message: 'not among the versions DescribeClusterVersions listed' }],
    },
  ],
});
