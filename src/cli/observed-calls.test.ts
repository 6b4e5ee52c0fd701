import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../detect/events/index.js';
import { observedCallOf } from './observed-calls.js';

/** The Pod Identity agent (on the node's role) asking EKS Auth for a pod's credentials. */
const POD_IDENTITY: CloudTrailRecord = {
  eventVersion: '1.09',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROARZ5EXAMPLE0NODES:i-0a1b2c3d4e5f67890',
    arn: 'arn:aws:sts::111122223333:assumed-role/prod-node-group/i-0a1b2c3d4e5f67890',
    accountId: '111122223333',
    sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROARZ5EXAMPLE0NODES', arn: 'arn:aws:iam::111122223333:role/prod-node-group', accountId: '111122223333', userName: 'prod-node-group' } },
  },
  eventTime: '2025-05-12T10:00:00Z',
  eventSource: 'eks-auth.amazonaws.com',
  eventName: 'AssumeRoleForPodIdentity',
  awsRegion: 'eu-west-1',
  requestParameters: { clusterName: 'prod', token: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
  responseElements: {
    subject: { namespace: 'orders', serviceAccount: 'orders-worker' },
    audience: 'pods.eks.amazonaws.com',
    podIdentityAssociation: { associationArn: 'arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod/a-0123456789abcdef0', associationId: 'a-0123456789abcdef0' },
    assumedRoleUser: { arn: 'arn:aws:sts::111122223333:assumed-role/prod-orders-worker/eks-prod-orders-wor-5c1e9b2d', assumeRoleId: 'AROARZ5EXAMPLE0ORDERS:eks-prod-orders-wor-5c1e9b2d' },
  },
  recipientAccountId: '111122223333',
};

describe('CloudTrail records as observed calls', () => {
  it('reads a Pod Identity session: the node role made the call, the session is the pod role for its service account', () => {
    const call = observedCallOf(POD_IDENTITY, 'f.json:1');
    expect(call.roleArn).toBe('arn:aws:iam::111122223333:role/prod-node-group');
    expect(call.session).toEqual({ roleArn: 'arn:aws:iam::111122223333:role/prod-orders-worker', subject: 'system:serviceaccount:orders:orders-worker' });
    expect(call.requestParameters).toEqual({ clusterName: 'prod', token: 'HIDDEN_DUE_TO_SECURITY_REASONS' });
    expect(call.source).toBe('f.json:1');
  });

  it('starts no session when the call failed, and keeps the error', () => {
    const call = observedCallOf({ ...POD_IDENTITY, errorCode: 'AccessDeniedException', responseElements: null });
    expect(call.session).toBeUndefined();
    expect(call.errorCode).toBe('AccessDeniedException');
  });
});
