import { describe, expect, it } from 'vitest';
import {
  accountIdOf,
  clusterMissing,
  clusterName,
  eksClusterTargets,
  kubeMissing,
  missingReason,
  regionOf,
} from './eks-data.js';
import { parseArn } from '../../analysis/identity/iam-arn.js';
import { awsWith, CLUSTER_ARN, denied, describeCluster } from './test-support/aws-fixtures.js';
import { inventoryOf } from './test-support/inventory.js';

describe('EKS data access', () => {
  it('names the cluster and targets it by ARN', () => {
    const inventory = inventoryOf({ aws: awsWith({ cluster: describeCluster() }) });
    expect(clusterName(inventory)).toBe('prod');
    expect(clusterMissing(inventory)).toBeUndefined();
    expect(eksClusterTargets(inventory).map((target) => target.resource)).toEqual([{ kind: 'EKSCluster', name: CLUSTER_ARN }]);
  });

  it('reads account and region from the cluster ARN, else from the source', () => {
    const fromArn = inventoryOf({
      source: { type: 'cluster', cluster: 'prod', accountId: '999999999999', region: 'us-east-1' },
      aws: awsWith({ cluster: describeCluster() }),
    });
    expect([accountIdOf(fromArn), regionOf(fromArn)]).toEqual(['111122223333', 'eu-west-1']);
    const fromSource = inventoryOf({ source: { type: 'cluster', cluster: 'prod', accountId: '999999999999', region: 'us-east-1' } });
    expect([accountIdOf(fromSource), regionOf(fromSource)]).toEqual(['999999999999', 'us-east-1']);
  });

  it('parses ARNs with colons and slashes in the resource', () => {
    expect(parseArn('arn:aws:logs:eu-west-1:111122223333:log-group:/aws/eks/prod/cluster:*')).toEqual({
      partition: 'aws',
      service: 'logs',
      region: 'eu-west-1',
      account: '111122223333',
      resource: 'log-group:/aws/eks/prod/cluster:*',
    });
    expect(parseArn('arn:aws:iam::111122223333:role/x')?.region).toBe('');
    expect(parseArn('not-an-arn')).toBeUndefined();
  });

  it('names the permission of a recorded failure before an uncollected call', () => {
    const inventory = inventoryOf({ errors: [denied('eks', 'DescribeAddon', 'prod')] });
    const reason = missingReason(inventory, [
      { service: 'eks', operation: 'ListAddons', target: 'prod' },
      { service: 'eks', operation: 'DescribeAddon', target: 'prod' },
    ]);
    expect(reason).toMatch(/^eks:DescribeAddon for prod failed during collection \(AccessDenied/);
    expect(missingReason(inventoryOf(), [{ service: 'eks', operation: 'ListAddons' }])).toBe('eks:ListAddons was not collected');
    expect(clusterMissing(inventoryOf())).toBe('eks:DescribeCluster for prod was not collected');
  });

  it('reports a failed Kubernetes list by its resource', () => {
    const inventory = inventoryOf({
      errors: [{ source: 'kubernetes', operation: 'list', resource: 'apps/v1/daemonsets', code: 403, message: 'forbidden' }],
    });
    expect(kubeMissing(inventory, 'daemonsets')).toMatch(/^listing apps\/v1\/daemonsets failed during collection \(403: forbidden\)/);
    expect(kubeMissing(inventory, 'deployments')).toBeUndefined();
    expect(kubeMissing(inventory, 'sets')).toBeUndefined();
  });
});
