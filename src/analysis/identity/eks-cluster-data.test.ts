import { describe, expect, it } from 'vitest';
import { clusterFacts, issuerPath } from './eks-cluster-data.js';
import { ACCOUNT, cluster, CLUSTER_ARN, ISSUER_PATH, REGION } from '../../checks/identity/test-support/aws-fixtures.js';
import { awsInventory } from '../../checks/identity/test-support/inventory.js';

describe('cluster facts', () => {
  it('strips the scheme and trailing slashes of the issuer', () => {
    expect(issuerPath('https://oidc.eks.eu-west-1.amazonaws.com/id/ABC/')).toBe('oidc.eks.eu-west-1.amazonaws.com/id/ABC');
    expect(issuerPath('oidc.eks.eu-west-1.amazonaws.com/id/ABC')).toBe('oidc.eks.eu-west-1.amazonaws.com/id/ABC');
  });

  it('reads name, ARN, account, region and issuer from DescribeCluster, else from the scan source', () => {
    expect(clusterFacts(awsInventory({ eks: { cluster: cluster() } }))).toMatchObject({ id: CLUSTER_ARN, name: 'prod', account: ACCOUNT, region: REGION, issuer: ISSUER_PATH });
    expect(clusterFacts(awsInventory({}))).toMatchObject({ id: 'prod', name: 'prod', account: ACCOUNT, region: REGION, partition: 'aws' });
  });
});
