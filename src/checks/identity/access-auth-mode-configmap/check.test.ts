import { describeCheck } from '../../test-support/check-tester.js';
import { awsError, cluster, CLUSTER_ARN, CLUSTER_SOURCE } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const withMode = (authenticationMode: 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP') => ({
  eks: { cluster: cluster({ accessConfig: { bootstrapClusterCreatorAdminPermissions: false, authenticationMode } }) },
});

describeCheck(check, {
  pass: [
    { name: 'access entries only (API)', yaml: '', source: CLUSTER_SOURCE, aws: withMode('API') },
    { name: 'migration mode API_AND_CONFIG_MAP', yaml: '', source: CLUSTER_SOURCE, aws: withMode('API_AND_CONFIG_MAP') },
  ],
  fail: [
    {
      name: 'aws-auth ConfigMap only',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: withMode('CONFIG_MAP'),
      expect: [
        {
          resource: CLUSTER_ARN,
          path: 'accessConfig.authenticationMode',
          severity: 'medium',
          message: 'Cluster prod uses authentication mode CONFIG_MAP',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'DescribeCluster denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {},
      errors: [awsError('eks', 'DescribeCluster', 'AccessDenied')],
      expect: [{ resource: 'prod', message: /eks:DescribeCluster failed during collection \(AccessDenied/ }],
    },
    {
      name: 'manifests scan has no AWS data',
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
      expect: [{ message: /needs AWS data \(eks:DescribeCluster\)/ }],
    },
    {
      name: 'cluster without accessConfig in the response',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: { ...cluster(), accessConfig: undefined } } },
      expect: [{ resource: CLUSTER_ARN, path: 'accessConfig', message: /no accessConfig/ }],
    },
  ],
});
