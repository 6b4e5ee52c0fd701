import { describe, expect, it } from 'vitest';
import { authenticationMode, awsAuthIgnored } from './eks-access-mode.js';
import { inventoryOf } from '../../checks/rbac/test-support/inventory.js';

describe('EKS authentication mode', () => {
  it('reads DescribeCluster accessConfig and knows API mode ignores aws-auth', () => {
    const inventory = inventoryOf('apiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n');
    expect(authenticationMode(inventory)).toBeUndefined();
    Object.assign(inventory, { aws: { eks: { cluster: { accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } } } } });
    expect(authenticationMode(inventory)).toBe('API_AND_CONFIG_MAP');
    expect(awsAuthIgnored(inventory)).toBe(false);
    Object.assign(inventory, { aws: { eks: { cluster: { accessConfig: { authenticationMode: 'API' } } } } });
    expect(awsAuthIgnored(inventory)).toBe(true);
  });
});
