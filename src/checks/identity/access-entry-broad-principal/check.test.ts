import { describeCheck } from '../../test-support/check-tester.js';
import {
  ACCOUNT,
  accessEntry,
  awsError,
  cluster,
  CLUSTER_ADMIN_ACCESS_POLICY,
  CLUSTER_SOURCE,
  EDIT_ACCESS_POLICY,
  OTHER_ACCOUNT,
  role,
  roleArn,
  VIEW_ACCESS_POLICY,
} from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const SSO_ADMIN = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef`;
const SSO_TEAM = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_ShopDevelopers_fedcba9876543210`;
const sameAccountTrust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
};
const ssoTrust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/AWSSSO_1a2b3c4d5e6f7a8b_DO_NOT_DELETE` },
      Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    },
  ],
};
const cleanRoles = [
  role('platform-admins', { trust: sameAccountTrust }),
  role('AWSReservedSSO_ShopDevelopers_fedcba9876543210', { path: '/aws-reserved/sso.amazonaws.com/eu-west-1/', trust: ssoTrust }),
  role('prod-node-role', { trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } }),
];

describeCheck(check, {
  pass: [
    {
      name: 'same-account roles: admins behind MFA, a team permission set, nodes, a role open to the organisation only',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          cluster: cluster(),
          accessEntries: [
            accessEntry(roleArn('platform-admins'), { policies: [{ arn: CLUSTER_ADMIN_ACCESS_POLICY }] }),
            accessEntry(SSO_TEAM, { policies: [{ arn: EDIT_ACCESS_POLICY, namespaces: ['shop'] }] }),
            accessEntry(roleArn('prod-node-role'), { type: 'EC2_LINUX', username: 'system:node:{{EC2PrivateDNSName}}' }),
            accessEntry(roleArn('org-readers'), { policies: [{ arn: VIEW_ACCESS_POLICY }] }),
          ],
        },
        iam: {
          roles: [
            ...cleanRoles,
            role('org-readers', {
              trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }] },
            }),
          ],
        },
      },
    },
    {
      name: 'a partner account listed as trusted',
      yaml: '',
      source: CLUSTER_SOURCE,
      options: { trustedAccounts: [OTHER_ACCOUNT] },
      aws: {
        eks: { cluster: cluster(), accessEntries: [accessEntry(roleArn('observability-reader', OTHER_ACCOUNT), { policies: [{ arn: VIEW_ACCESS_POLICY }] })] },
        iam: { roles: [role('observability-reader', { account: OTHER_ACCOUNT, trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] } })] },
      },
    },
  ],
  fail: [
    {
      name: 'root, another account, an account-wide SSO admin set, an open trust and a foreign trust',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          cluster: cluster(),
          accessEntries: [
            accessEntry(`arn:aws:iam::${ACCOUNT}:root`, { policies: [{ arn: VIEW_ACCESS_POLICY }] }),
            accessEntry(`arn:aws:iam::${OTHER_ACCOUNT}:user/contractor`, { policies: [{ arn: EDIT_ACCESS_POLICY, namespaces: ['shop'] }] }),
            accessEntry(SSO_ADMIN, { policies: [{ arn: CLUSTER_ADMIN_ACCESS_POLICY }] }),
            accessEntry(roleArn('legacy-admin'), { policies: [{ arn: CLUSTER_ADMIN_ACCESS_POLICY }] }),
            accessEntry(roleArn('vendor-support'), { policies: [{ arn: VIEW_ACCESS_POLICY }] }),
          ],
        },
        iam: {
          roles: [
            role('AWSReservedSSO_AdministratorAccess_0123456789abcdef', { path: '/aws-reserved/sso.amazonaws.com/eu-west-1/', trust: ssoTrust }),
            role('legacy-admin', { trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] } }),
            role('vendor-support', { trust: { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${OTHER_ACCOUNT}:root`, ACCOUNT] }, Action: 'sts:AssumeRole' } } }),
          ],
        },
      },
      expect: [
        { resource: `arn:aws:iam::${ACCOUNT}:root`, path: 'accessEntry.principalArn', severity: 'high', message: 'every IAM principal of account 111122223333' },
        { resource: `arn:aws:iam::${OTHER_ACCOUNT}:user/contractor`, severity: 'high', message: `from account ${OTHER_ACCOUNT}, which is not the cluster’s account (${ACCOUNT})` },
        { resource: SSO_ADMIN, severity: 'medium', message: 'permission set AdministratorAccess' },
        { resource: roleArn('legacy-admin'), severity: 'critical', message: 'trust policy (Statement[0]) lets any AWS principal assume it' },
        { resource: roleArn('vendor-support'), severity: 'medium', message: `lets principals of account(s) ${OTHER_ACCOUNT} assume it` },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'access entries denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster() } },
      errors: [awsError('eks', 'ListAccessEntries', 'AccessDenied')],
      expect: [{ message: /eks:ListAccessEntries failed during collection \(AccessDenied/ }],
    },
    {
      name: 'trust policy of the principal could not be read',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { cluster: cluster(), accessEntries: [accessEntry(roleArn('team-data'), { policies: [{ arn: VIEW_ACCESS_POLICY }] })] }, iam: { roles: [] } },
      errors: [awsError('iam', 'GetRole', 'AccessDenied', roleArn('team-data'))],
      expect: [{ resource: roleArn('team-data'), message: /iam:GetRole for .*team-data failed during collection \(AccessDenied/ }],
    },
  ],
});
