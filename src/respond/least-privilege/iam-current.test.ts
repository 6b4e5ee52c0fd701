import { describe, expect, it } from 'vitest';
import { InventoryView } from '../../inventory/index.js';
import { readSnapshot } from '../../inventory/snapshot.js';
import type { IamRoleRecord } from '../../model/index.js';
import { compareIamWithCurrent } from './iam-current.js';
import { proposeIam } from './iam-proposal.js';
import { iamSummary } from './iam-render.js';
import { fixtureCalls } from './test-support/read-fixtures.js';

const ROLE = 'arn:aws:iam::111122223333:role/workloads/prod-payments-api';
const BUCKET = 'arn:aws:s3:::acme-prod-payments-statements';

const RECORD: IamRoleRecord = {
  Role: { Arn: ROLE, RoleName: 'prod-payments-api', Path: '/workloads/', RoleId: 'AROARZ5EXAMPLE0PAYAPI', CreateDate: '2024-04-02T12:00:00.000Z' },
  AttachedPolicies: [],
  InlinePolicies: [
    {
      PolicyName: 'app',
      Document: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Statements', Effect: 'Allow', Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`] },
          { Sid: 'Orders', Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], Resource: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders' },
          { Sid: 'Queues', Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
          { Sid: 'NoIam', Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:ec2:*:*:instance/*' },
          { Sid: 'Guard', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
        ],
      },
    },
  ],
};

function inventory(roles: IamRoleRecord[]): InventoryView {
  return new InventoryView({ source: { type: 'cluster', cluster: 'prod', region: 'eu-west-1', accountId: '111122223333' }, objects: [], aws: { iam: { roles } }, errors: [] });
}

describe('the IAM proposal against what the role allows today', () => {
  it('lists statements to remove, wildcards to narrow and uses not allowed', async () => {
    const { calls } = await fixtureCalls();
    const proposal = proposeIam(calls, ROLE);
    const comparison = compareIamWithCurrent(proposal, inventory([RECORD]));
    expect(comparison).toEqual({
      status: 'found',
      statements: [
        {
          policy: 'inline policy app',
          index: 0,
          sid: 'Statements',
          unused: false,
          unusedActions: [],
          wideActions: [{ pattern: 's3:*', used: ['s3:GetObject', 's3:ListBucket'] }],
          wideResources: [{ pattern: `${BUCKET}/*`, used: [`${BUCKET}/statements/2025/05/acct-1001.pdf`, `${BUCKET}/statements/2025/05/acct-1002.pdf`] }],
          maybeDataEvents: [],
        },
        {
          policy: 'inline policy app',
          index: 1,
          sid: 'Orders',
          unused: false,
          unusedActions: ['dynamodb:DeleteItem'],
          wideActions: [],
          wideResources: [],
          maybeDataEvents: ['dynamodb:DeleteItem'],
        },
        { policy: 'inline policy app', index: 2, sid: 'Queues', unused: true, unusedActions: ['sqs:*'], wideActions: [], wideResources: [], maybeDataEvents: ['sqs:*'] },
        { policy: 'inline policy app', index: 3, sid: 'NoIam', unused: true, unusedActions: [], wideActions: [], wideResources: [], notAction: { used: [] }, maybeDataEvents: [] },
      ],
      unallowed: [{ action: 'kms:Decrypt', resource: 'arn:aws:kms:eu-west-1:111122223333:key/9abc0def-90ab-12cd-34ef-9abc01234567', verdict: 'not-allowed' }],
      missingPolicies: [],
    });
    const summary = iamSummary(proposal, comparison);
    expect(summary).toContain('inline policy app statement 2 ("Queues"): unused, remove (unless data events it allows are in use: sqs:*)');
    expect(summary).toContain('inline policy app statement 0 ("Statements"): s3:* → s3:GetObject, s3:ListBucket;');
  });

  it('compares with the role in the bundled snapshot, and says when the role is not there', async () => {
    const { calls } = await fixtureCalls();
    const proposal = proposeIam(calls, ROLE);
    const snapshot = readSnapshot(new URL('../../../examples/prod.snapshot.json.gz', import.meta.url).pathname);
    const comparison = compareIamWithCurrent(proposal, new InventoryView(snapshot.inventory));
    expect(comparison.status).toBe('found');
    if (comparison.status !== 'found') return;
    // kms:Decrypt is allowed there only through kms:ViaService, which CloudTrail leaves undecided: not flagged.
    expect(comparison.unallowed.map((use) => use.action)).toEqual(['dynamodb:PutItem', 's3:ListBucket']);
    expect(compareIamWithCurrent(proposal, inventory([]))).toEqual({ status: 'unknown', reason: expect.stringContaining('GetRole') as unknown });
  });
});
