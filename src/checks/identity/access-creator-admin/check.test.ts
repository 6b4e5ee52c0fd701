import { describeCheck } from '../../test-support/check-tester.js';
import {
  ACCOUNT,
  accessEntry,
  awsError,
  cluster,
  CLUSTER_ADMIN_ACCESS_POLICY,
  CLUSTER_ARN,
  CLUSTER_SOURCE,
  roleArn,
  VIEW_ACCESS_POLICY,
} from '../test-support/aws-fixtures.js';
import { check } from './check.js';

type Mode = 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP';
const access = (bootstrap: boolean, authenticationMode: Mode) => cluster({ accessConfig: { bootstrapClusterCreatorAdminPermissions: bootstrap, authenticationMode } });
const nodeEntry = accessEntry(roleArn('prod-node-role'), { type: 'EC2_LINUX', username: 'system:node:{{EC2PrivateDNSName}}' });

describeCheck(check, {
  pass: [
    {
      name: 'cluster created without creator admin',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: access(false, 'CONFIG_MAP') } },
    },
    {
      name: 'creator bootstrap on, but its cluster-admin access entry was deleted (only a view entry and nodes remain)',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          cluster: access(true, 'API'),
          accessEntries: [nodeEntry, accessEntry(roleArn('platform-readonly'), { policies: [{ arn: VIEW_ACCESS_POLICY }] })],
        },
      },
    },
  ],
  fail: [
    {
      name: 'CONFIG_MAP mode: the creator is an invisible admin',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: access(true, 'CONFIG_MAP') } },
      expect: [
        {
          resource: CLUSTER_ARN,
          path: 'accessConfig.bootstrapClusterCreatorAdminPermissions',
          message: 'aws-auth does not show and that cannot be removed',
        },
      ],
    },
    {
      name: 'API mode with the bootstrap cluster-admin entry still there',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          cluster: access(true, 'API_AND_CONFIG_MAP'),
          accessEntries: [nodeEntry, accessEntry(`arn:aws:iam::${ACCOUNT}:role/terraform-ci`, { policies: [{ arn: CLUSTER_ADMIN_ACCESS_POLICY }] })],
        },
      },
      expect: [
        {
          resource: CLUSTER_ARN,
          path: 'accessConfig.bootstrapClusterCreatorAdminPermissions',
          message: `still has cluster-admin access entries (arn:aws:iam::${ACCOUNT}:role/terraform-ci)`,
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'DescribeCluster denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [awsError('eks', 'DescribeCluster', 'AccessDenied')],
      expect: [{ message: /eks:DescribeCluster failed during collection \(AccessDenied/ }],
    },
    {
      name: 'API mode but access entries could not be listed',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: access(true, 'API') } },
      errors: [awsError('eks', 'ListAccessEntries', 'AccessDenied')],
      expect: [{ resource: CLUSTER_ARN, message: /eks:ListAccessEntries failed during collection/ }],
    },
  ],
});
