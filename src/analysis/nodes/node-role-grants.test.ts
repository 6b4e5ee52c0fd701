import { describe, expect, it } from 'vitest';
import { DEFAULT_NODE_POLICIES, nodeRoleExcess } from './node-role-grants.js';
import { ACCOUNT, managedPolicyArn, NODE_ROLE, role, STANDARD_NODE_POLICIES } from '../../checks/nodes/test-support/aws-fixtures.js';
import { view } from '../../checks/nodes/test-support/views.js';

const CUSTOM = `arn:aws:iam::${ACCOUNT}:policy/node-extras`;

describe('nodeRoleExcess', () => {
  it('ignores allowed policies, by AWS managed name or by ARN', () => {
    const record = role(NODE_ROLE, [
      ...STANDARD_NODE_POLICIES,
      { PolicyArn: CUSTOM, Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } },
    ]);
    expect(nodeRoleExcess(view({}), record, [...DEFAULT_NODE_POLICIES, CUSTOM]).excess).toEqual([]);
    const excess = nodeRoleExcess(view({}), record, DEFAULT_NODE_POLICIES).excess;
    expect(excess.map((entry) => [entry.path, entry.label])).toEqual([[['AttachedPolicies', 3], 'managed policy node-extras']]);
    expect(excess[0]?.problems[0]).toBe('use every s3 action on every resource');
  });

  it('respects Deny statements and notes conditions', () => {
    const record = role(
      NODE_ROLE,
      [],
      [
        {
          PolicyName: 'secrets',
          Document: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'nodes' } } },
              { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
              { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' },
            ],
          },
        },
      ],
    );
    const [excess] = nodeRoleExcess(view({}), record, DEFAULT_NODE_POLICIES).excess;
    expect(excess?.problems).toEqual(['read every secret (secretsmanager:GetSecretValue) (where aws:ResourceTag/team allow)']);
  });

  it('lists what a narrow extra policy adds, and policies whose documents are missing', () => {
    const record = role(NODE_ROLE, [...STANDARD_NODE_POLICIES, { PolicyArn: managedPolicyArn('AmazonEBSCSIDriverPolicy') }], [
      { PolicyName: 'logs', Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:PutLogEvents', 'logs:CreateLogStream'], Resource: 'arn:aws:logs:*:*:log-group:/eks/*' }] } },
    ]);
    const result = nodeRoleExcess(view({}), record, DEFAULT_NODE_POLICIES);
    expect(result.excess.map((entry) => [entry.label, entry.problems, entry.actions])).toEqual([['inline policy logs', [], ['logs:PutLogEvents', 'logs:CreateLogStream']]]);
    expect(result.missing.map((entry) => [entry.label, entry.path])).toEqual([['managed policy AmazonEBSCSIDriverPolicy', ['AttachedPolicies', 3]]]);
  });
});
