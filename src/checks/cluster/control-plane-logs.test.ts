import { describe, expect, it } from 'vitest';
import {
  controlPlaneLogGroup,
  controlPlaneLogGroupName,
  enableLoggingCommand,
  enabledLogTypes,
  logGroupResourceName,
  logTypePath,
} from './control-plane-logs.js';
import { awsWith, describeCluster, LOG_GROUP_ARN, LOG_GROUP_NAME } from './test-support/aws-fixtures.js';
import { inventoryOf } from './test-support/inventory.js';

const split = describeCluster({
  logging: {
    clusterLogging: [
      { types: ['api', 'audit'], enabled: true },
      { types: ['authenticator', 'controllerManager', 'scheduler'], enabled: false },
    ],
  },
});

describe('control-plane logging', () => {
  it('collects enabled types over every entry', () => {
    expect([...enabledLogTypes(split)].sort()).toEqual(['api', 'audit']);
    expect(enabledLogTypes(describeCluster({ logging: undefined })).size).toBe(0);
  });

  it('points at the disabled entry that lists a type, else the list, else logging', () => {
    expect(logTypePath(split, 'scheduler')).toEqual(['logging', 'clusterLogging', 1, 'enabled']);
    expect(logTypePath(describeCluster({ logging: { clusterLogging: [] } }), 'audit')).toEqual(['logging', 'clusterLogging']);
    expect(logTypePath(describeCluster({ logging: undefined }), 'audit')).toEqual(['logging']);
  });

  it('finds the cluster log group and names it by ARN without the trailing :*', () => {
    const group = { logGroupName: LOG_GROUP_NAME, arn: `${LOG_GROUP_ARN}:*` };
    const inventory = inventoryOf({ aws: awsWith({ logs: { logGroups: [{ logGroupName: '/aws/eks/prod-old/cluster' }, group] } }) });
    expect(controlPlaneLogGroupName(inventory)).toBe(LOG_GROUP_NAME);
    expect(controlPlaneLogGroup(inventory)).toBe(group);
    expect(logGroupResourceName(group)).toBe(LOG_GROUP_ARN);
    expect(logGroupResourceName({ logGroupName: 'x' })).toBe('x');
  });

  it('writes the enable command with the types as JSON', () => {
    expect(enableLoggingCommand('prod', ['audit'])).toBe(
      `aws eks update-cluster-config --name prod --logging '{"clusterLogging":[{"types":["audit"],"enabled":true}]}'`,
    );
  });
});
