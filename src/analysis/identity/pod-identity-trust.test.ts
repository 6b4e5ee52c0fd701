import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../model/index.js';
import { ACCOUNT, association, cluster, OTHER_ACCOUNT, podIdentityTrust, roleArn } from '../../checks/identity/test-support/aws-fixtures.js';
import { graphInventory } from '../../graph/test-support/inventory.js';
import { podIdentityTrustDecision, targetRoleTrustDecision } from './pod-identity-trust.js';

const inventory = graphInventory('', { eks: { cluster: cluster() } });
const ROLE = roleArn('shop-api');

describe('Pod Identity trust', () => {
  it('admits the association when the role trusts Pod Identity for this cluster and service account', () => {
    const scoped = podIdentityTrust({ StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'shop', 'aws:RequestTag/eks-cluster-name': 'prod' } });
    expect(podIdentityTrustDecision(inventory, association('shop', 'api', ROLE), podIdentityTrust()).verdict).toBe('allowed');
    expect(podIdentityTrustDecision(inventory, association('shop', 'api', ROLE), scoped).verdict).toBe('allowed');
    expect(podIdentityTrustDecision(inventory, association('batch', 'api', ROLE), scoped).verdict).toBe('not-allowed');
  });

  it('needs sts:TagSession unless the association disables session tags', () => {
    const assumeOnly: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    expect(podIdentityTrustDecision(inventory, association('shop', 'api', ROLE), assumeOnly).verdict).toBe('not-allowed');
    expect(podIdentityTrustDecision(inventory, association('shop', 'api', ROLE, { disableSessionTags: true }), assumeOnly).verdict).toBe('allowed');
  });

  it('leaves conditions on the pod name open', () => {
    const perPod = podIdentityTrust({ StringLike: { 'aws:RequestTag/kubernetes-pod-name': 'api-*' } });
    expect(podIdentityTrustDecision(inventory, association('shop', 'api', ROLE), perPod).verdict).toBe('conditional');
  });

  it('asks a target role whether it trusts the association role', () => {
    const target = roleArn('reader', OTHER_ACCOUNT);
    const trusting: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] };
    const other: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] };
    expect(targetRoleTrustDecision(association('shop', 'api', ROLE, { targetRoleArn: target }), trusting).verdict).toBe('allowed');
    expect(targetRoleTrustDecision(association('shop', 'api', ROLE, { targetRoleArn: target }), other).verdict).toBe('not-allowed');
  });
});
