import { describeCheck } from '../../test-support/check-tester.js';
import {
  ACCOUNT,
  accessEntry,
  ADMIN_ACCESS_POLICY,
  awsError,
  cluster,
  CLUSTER_ADMIN_ACCESS_POLICY,
  CLUSTER_SOURCE,
  EDIT_ACCESS_POLICY,
  roleArn,
  VIEW_ACCESS_POLICY,
} from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const SSO_ADMIN = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_3f2a1b0c9d8e7f65`;
const nodes = accessEntry(roleArn('prod-node-role'), { type: 'EC2_LINUX', username: 'system:node:{{EC2PrivateDNSName}}' });

describeCheck(check, {
  pass: [
    {
      name: 'namespace-scoped admin, edit and view policies; node entries',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          cluster: cluster(),
          accessEntries: [
            nodes,
            accessEntry(roleArn('team-shop'), { policies: [{ arn: ADMIN_ACCESS_POLICY, namespaces: ['shop', 'shop-staging'] }, { arn: EDIT_ACCESS_POLICY, namespaces: ['shop'] }] }),
            accessEntry(roleArn('auditors'), { policies: [{ arn: VIEW_ACCESS_POLICY }] }),
          ],
        },
      },
    },
    {
      name: 'an allow-listed break-glass role',
      yaml: '',
      source: CLUSTER_SOURCE,
      options: { allowedPrincipals: [`arn:aws:iam::${ACCOUNT}:role/break-glass-*`] },
      aws: { eks: { cluster: cluster(), accessEntries: [accessEntry(roleArn('break-glass-admin'), { policies: [{ arn: CLUSTER_ADMIN_ACCESS_POLICY }] })] } },
    },
  ],
  fail: [
    {
      name: 'cluster-scoped ClusterAdmin and Admin policies, and system:masters',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          cluster: cluster(),
          accessEntries: [
            nodes,
            accessEntry(SSO_ADMIN, { policies: [{ arn: VIEW_ACCESS_POLICY }, { arn: CLUSTER_ADMIN_ACCESS_POLICY }] }),
            accessEntry(roleArn('ci-deployer'), { policies: [{ arn: ADMIN_ACCESS_POLICY }], groups: ['deployers', 'system:masters'] }),
          ],
        },
      },
      expect: [
        {
          resource: SSO_ADMIN,
          path: 'associatedAccessPolicies[1].accessScope.type',
          severity: 'high',
          message: `Access entry for ${SSO_ADMIN} has AmazonEKSClusterAdminPolicy at cluster scope: cluster-admin`,
        },
        { resource: roleArn('ci-deployer'), path: 'associatedAccessPolicies[0].accessScope.type', message: 'AmazonEKSAdminPolicy at cluster scope' },
        { resource: roleArn('ci-deployer'), path: 'accessEntry.kubernetesGroups[1]', message: 'system:masters' },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'access entries not listed',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster() } },
      errors: [awsError('eks', 'ListAccessEntries', 'AccessDenied')],
      expect: [{ resource: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod', message: /eks:ListAccessEntries failed during collection \(AccessDenied/ }],
    },
    {
      name: 'associated policies of one principal could not be read',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), accessEntries: [accessEntry(roleArn('team-data'))] } },
      errors: [awsError('eks', 'ListAssociatedAccessPolicies', 'AccessDenied', roleArn('team-data'))],
      expect: [{ resource: roleArn('team-data'), path: 'associatedAccessPolicies', message: /eks:ListAssociatedAccessPolicies for .*team-data failed/ }],
    },
    {
      name: 'manifests scan',
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
      expect: [{ message: /needs AWS data \(eks:ListAccessEntries\)/ }],
    },
  ],
});
