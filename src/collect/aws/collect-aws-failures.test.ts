import { afterEach, describe, expect, it } from 'vitest';
import type { FakeAws } from '../../../test/fakes/aws/index.js';
import { startFakeAws } from '../../../test/fakes/aws/index.js';
import { loadFixtureAccount } from '../../../test/fixtures/account/aws/index.js';
import { collectFrom, startFixtureFake } from './test-support/against-fake.js';

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('collectAws when calls fail', () => {
  it('records denied calls and collects everything else', async () => {
    fake = await startFixtureFake();
    fake.deny('GetRole', 'prod-ops-toolbox');
    fake.deny('DescribeKey');
    const result = await collectFrom(fake);

    expect(result.errors.map((error) => [error.service, error.operation, error.code, error.target])).toEqual([
      ['iam', 'GetRole', 'NoSuchEntity', 'arn:aws:iam::111122223333:role/former-contractor-admin'],
      ['iam', 'GetRole', 'AccessDenied', 'arn:aws:iam::111122223333:role/prod-ops-toolbox'],
      ['kms', 'DescribeKey', 'AccessDeniedException', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ]);
    expect(result.errors[1]?.message).toContain('not authorized to perform: iam:GetRole');
    const roles = result.aws.iam?.roles?.map((role) => role.Role.RoleName) ?? [];
    expect(roles).not.toContain('prod-ops-toolbox');
    expect(roles).toContain('prod-orders-worker');
    // A key that could not be described leaves the key list unknown, not empty.
    expect(result.aws.kms).toBeUndefined();
    expect(result.aws.eks?.nodegroups).toHaveLength(2);
    expect(result.aws.guardduty?.detectors).toHaveLength(1);
  });

  it('drops a described list when one describe call fails, so no check reads it as complete', async () => {
    fake = await startFixtureFake();
    fake.deny('DescribeNodegroup');
    fake.deny('ListAssociatedAccessPolicies');
    fake.deny('GetDetector');
    fake.deny('DescribeInsight');
    fake.deny('DescribePodIdentityAssociation');
    const result = await collectFrom(fake);
    expect(result.aws.eks?.nodegroups).toBeUndefined();
    expect(result.aws.eks?.accessEntries).toBeUndefined();
    expect(result.aws.eks?.insights).toBeUndefined();
    expect(result.aws.eks?.podIdentityAssociations).toBeUndefined();
    expect(result.aws.guardduty).toBeUndefined();
    for (const operation of ['DescribeNodegroup', 'ListAssociatedAccessPolicies', 'GetDetector', 'DescribeInsight', 'DescribePodIdentityAssociation']) {
      expect(result.errors.some((error) => error.operation === operation), operation).toBe(true);
    }
    // What did not fail is still there.
    expect(result.aws.eks?.addons?.length).toBeGreaterThan(0);
  });

  it('drops a list whose page failed instead of keeping a partial one', async () => {
    fake = await startFixtureFake();
    // The second page of access entries is denied.
    fake.deny('ListAccessEntries', (input) => typeof input.nextToken === 'string');
    const result = await collectFrom(fake);
    expect(result.aws.eks?.accessEntries).toBeUndefined();
    expect(result.errors).toContainEqual(expect.objectContaining({ operation: 'ListAccessEntries', code: 'AccessDeniedException', target: 'prod' }));
    // Roles known from other sources are still read.
    expect(result.aws.iam?.roles?.some((role) => role.Role.RoleName === 'prod-eks-node')).toBe(true);
  });

  it('retries throttled calls and succeeds without recording an error', async () => {
    fake = await startFixtureFake();
    fake.throttle('DescribeCluster', 2);
    fake.throttle('GetRole', 1, 'prod-eks-node');
    fake.throttle('DescribeSecurityGroups', 2);
    const result = await collectFrom(fake);
    expect(result.clusterFound).toBe(true);
    expect(result.errors.map((error) => error.code)).toEqual(['NoSuchEntity']);
    expect(fake.count('DescribeCluster')).toBe(3);
    expect(result.stats.retries).toBe(5);
    expect(result.aws.ec2?.securityGroups).toHaveLength(3);
    expect(result.stats.requests).toBe(fake.requests.length);
  });

  it('records a call still throttled after every attempt', async () => {
    fake = await startFixtureFake();
    fake.throttle('ListNodegroups');
    fake.throttle('DescribeSubnets');
    fake.throttle('GetRepositoryPolicy', undefined, 'shop/base-images');
    const result = await collectFrom(fake, { retry: { maxAttempts: 4 } });
    expect(fake.count('ListNodegroups')).toBe(4);
    expect(result.errors).toContainEqual({
      source: 'aws',
      service: 'eks',
      operation: 'ListNodegroups',
      target: 'prod',
      code: 'ThrottlingException',
      message: 'Rate exceeded',
    });
    expect(result.errors).toContainEqual(expect.objectContaining({ service: 'ec2', operation: 'DescribeSubnets', code: 'RequestLimitExceeded' }));
    expect(result.errors).toContainEqual(expect.objectContaining({ service: 'ecr', operation: 'GetRepositoryPolicy', code: 'ThrottlingException', target: 'shop/base-images' }));
    expect(result.aws.eks?.nodegroups).toBeUndefined();
    expect(result.aws.ec2?.subnets).toBeUndefined();
    expect(Object.keys(result.aws.ecr?.repositoryPolicies ?? {})).toEqual(['payments/api']);
  });

  it('stops after DescribeCluster when the cluster does not exist, keeping the identity', async () => {
    fake = await startFixtureFake();
    const result = await collectFrom(fake, { cluster: 'does-not-exist' });
    expect(result.clusterFound).toBe(false);
    expect(result.aws).toEqual({});
    expect(result.identity.accountId).toBe('111122223333');
    expect(result.errors).toEqual([
      {
        source: 'aws',
        service: 'eks',
        operation: 'DescribeCluster',
        target: 'does-not-exist',
        code: 'ResourceNotFoundException',
        message: 'No cluster found for name: does-not-exist.',
      },
    ]);
    expect(new Set(fake.requests.map((request) => request.operation))).toEqual(new Set(['GetCallerIdentity', 'DescribeCluster']));
  });

  it('asks for security groups one by one when one of them was deleted', async () => {
    fake = await startFixtureFake();
    fake.account.ec2.securityGroups = fake.account.ec2.securityGroups.filter((group) => group.GroupId !== 'sg-0c1d2e3f4a5b6c703');
    const result = await collectFrom(fake);
    expect(result.aws.ec2?.securityGroups?.map((group) => group.GroupId)).toEqual(['sg-0c1d2e3f4a5b6c701', 'sg-0c1d2e3f4a5b6c702']);
    expect(result.errors).toContainEqual(
      expect.objectContaining({ service: 'ec2', operation: 'DescribeSecurityGroups', code: 'InvalidGroup.NotFound', target: 'sg-0c1d2e3f4a5b6c703' }),
    );
  });

  it('records roles of another account instead of calling GetRole for them', async () => {
    fake = await startFixtureFake();
    const result = await collectFrom(fake, { extraRoleArns: ['arn:aws:iam::444455556666:role/shared-reader'] });
    expect(result.errors).toContainEqual(
      expect.objectContaining({ operation: 'GetRole', code: 'CrossAccountRole', target: 'arn:aws:iam::444455556666:role/shared-reader' }),
    );
    expect(fake.requests.some((request) => request.input.RoleName === 'shared-reader')).toBe(false);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    fake = await startFixtureFake({ latencyMs: 5 });
    await collectFrom(fake, { concurrency: 3 });
    expect(fake.maxInFlight).toBeLessThanOrEqual(3);
    expect(fake.maxInFlight).toBeGreaterThan(1);
  });

  it('reports progress for every call', async () => {
    fake = await startFixtureFake();
    const events: Array<{ operation: string; ok: boolean }> = [];
    const result = await collectFrom(fake, { onProgress: (event) => events.push(event) });
    expect(events.filter((event) => !event.ok)).toHaveLength(result.errors.length);
    expect(events.at(-1)?.operation).toBeDefined();
    expect(new Set(events.map((event) => event.operation)).size).toBe(44);
  });

  it('finds Karpenter and self-managed instances by their own cluster tags', async () => {
    const account = loadFixtureAccount();
    const template = account.ec2.reservations[0]!.Instances![0]!;
    const node = (InstanceId: string, Tags: Array<{ Key: string; Value: string }>) => ({ ...template, InstanceId, Tags });
    account.ec2.reservations.push({
      ReservationId: 'r-0karpenter000000001',
      OwnerId: account.accountId,
      Instances: [
        node('i-0karpenter00000001', [{ Key: 'eks:eks-cluster-name', Value: 'prod' }, { Key: 'karpenter.sh/nodepool', Value: 'default' }]),
        node('i-0selfmanaged000001', [{ Key: 'kubernetes.io/cluster/prod', Value: 'owned' }]),
        node('i-0othercluster00001', [{ Key: 'kubernetes.io/cluster/staging', Value: 'owned' }]),
      ],
    });
    fake = await startFakeAws({ account });
    const result = await collectFrom(fake);
    const ids = (result.aws.ec2?.instances ?? []).map((instance) => instance.InstanceId);
    expect(ids).toContain('i-0karpenter00000001');
    expect(ids).toContain('i-0selfmanaged000001');
    expect(ids).not.toContain('i-0othercluster00001');
    expect(new Set(ids).size).toBe(ids.length);
  });
});
