import { describeCheck } from '../../test-support/check-tester.js';
import { ACCOUNT, accessEntry, awsError, cluster, CLUSTER_SOURCE, role, roleArn, VIEW_ACCESS_POLICY } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const awsAuth = (mapRoles: string, mapUsers = '') => `
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
${mapRoles.replace(/^/gm, '    ')}
${mapUsers ? `  mapUsers: |\n${mapUsers.replace(/^/gm, '    ')}` : ''}
`;

const nodeMapping = `- rolearn: ${roleArn('prod-node-role')}
  username: system:node:{{EC2PrivateDNSName}}
  groups: [system:bootstrappers, system:nodes]`;

const mixedMode = cluster({ accessConfig: { bootstrapClusterCreatorAdminPermissions: false, authenticationMode: 'API_AND_CONFIG_MAP' } });
const configMapMode = cluster({ accessConfig: { bootstrapClusterCreatorAdminPermissions: false, authenticationMode: 'CONFIG_MAP' } });

describeCheck(check, {
  pass: [
    {
      name: 'every mapped and entered principal exists (role with a path, mapped without it)',
      source: CLUSTER_SOURCE,
      yaml: awsAuth(`${nodeMapping}\n- rolearn: ${roleArn('platform-admins')}\n  username: admin:{{SessionName}}\n  groups: [platform-admins]`),
      aws: {
        eks: { cluster: mixedMode, accessEntries: [accessEntry(roleArn('platform-admins', ACCOUNT, '/teams/'), { policies: [{ arn: VIEW_ACCESS_POLICY }] })] },
        iam: { roles: [role('prod-node-role'), role('platform-admins', { path: '/teams/' })] },
      },
    },
    {
      name: 'aws-auth is ignored in API mode',
      source: CLUSTER_SOURCE,
      yaml: awsAuth(`- rolearn: ${roleArn('deleted-role')}\n  groups: [system:masters]`),
      aws: { eks: { cluster: cluster(), accessEntries: [accessEntry(roleArn('platform-admins'))] }, iam: { roles: [role('platform-admins')] } },
      errors: [awsError('iam', 'GetRole', 'NoSuchEntity', roleArn('deleted-role'))],
    },
  ],
  fail: [
    {
      name: 'a deleted role in an access entry and deleted principals in aws-auth',
      source: CLUSTER_SOURCE,
      yaml: awsAuth(
        `${nodeMapping}\n- rolearn: ${roleArn('old-ci')}\n  username: ci\n  groups: [system:masters]`,
        `- userarn: arn:aws:iam::${ACCOUNT}:user/alice\n  username: alice\n  groups: [shop-devs]`,
      ),
      aws: {
        eks: { cluster: mixedMode, accessEntries: [accessEntry(roleArn('team-legacy'), { policies: [{ arn: VIEW_ACCESS_POLICY }] })] },
        iam: { roles: [role('prod-node-role')] },
      },
      errors: [
        awsError('iam', 'GetRole', 'NoSuchEntity', roleArn('team-legacy')),
        awsError('iam', 'GetRole', 'NoSuchEntity', roleArn('old-ci')),
        awsError('iam', 'GetUser', 'NoSuchEntity', `arn:aws:iam::${ACCOUNT}:user/alice`),
      ],
      expect: [
        { resource: roleArn('team-legacy'), path: 'accessEntry.principalArn', severity: 'low', message: 'the IAM role no longer exists (NoSuchEntity)' },
        {
          resource: 'ConfigMap/kube-system/aws-auth',
          path: 'data.mapRoles',
          severity: 'medium',
          message: `data.mapRoles maps 1 IAM principal(s) that no longer exist: ${roleArn('old-ci')}`,
        },
        { resource: 'ConfigMap/kube-system/aws-auth', path: 'data.mapUsers', message: `arn:aws:iam::${ACCOUNT}:user/alice` },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'GetRole denied for an access-entry principal',
      source: CLUSTER_SOURCE,
      yaml: '',
      aws: { eks: { cluster: mixedMode, accessEntries: [accessEntry(roleArn('team-data'))] }, iam: { roles: [] } },
      errors: [awsError('iam', 'GetRole', 'AccessDenied', roleArn('team-data'))],
      expect: [{ resource: roleArn('team-data'), message: /iam:GetRole for .*team-data failed during collection \(AccessDenied/ }],
    },
    {
      name: 'aws-auth principals whose IAM data was not collected (CONFIG_MAP mode)',
      source: CLUSTER_SOURCE,
      yaml: awsAuth(nodeMapping),
      aws: { eks: { cluster: configMapMode } },
      expect: [{ resource: 'ConfigMap/kube-system/aws-auth', message: /whether 1 principal\(s\) of data.mapRoles still exist is unknown: .*iam:GetRole for .* was not collected/ }],
    },
    {
      name: 'DescribeCluster and access entries denied',
      source: CLUSTER_SOURCE,
      yaml: '',
      errors: [awsError('eks', 'DescribeCluster', 'AccessDenied'), awsError('eks', 'ListAccessEntries', 'AccessDenied')],
      expect: [{ message: /eks:ListAccessEntries failed during collection \(AccessDenied/ }],
    },
  ],
});
