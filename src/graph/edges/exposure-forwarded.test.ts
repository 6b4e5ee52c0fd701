import { describe, expect, it } from 'vitest';
import { cluster, subnet } from '../../checks/nodes/test-support/aws-fixtures.js';
import { graphInventory } from '../test-support/inventory.js';
import { blockOverlaps, vpcRanges } from './exposure-forwarded.js';

describe('blockOverlaps', () => {
  it('finds an address of the ranges inside the block, minus its except list', () => {
    expect(blockOverlaps('10.0.0.0/16', [], ['10.0.64.0/19'])).toBe(true);
    expect(blockOverlaps('10.0.1.0/24', [], ['10.0.0.0/16'])).toBe(true);
    expect(blockOverlaps('10.1.0.0/16', [], ['10.0.0.0/16'])).toBe(false);
    expect(blockOverlaps('0.0.0.0/0', ['10.0.0.0/8'], ['10.0.0.0/16'])).toBe(false);
    expect(blockOverlaps('10.0.0.0/16', ['10.0.0.0/17', '10.0.128.0/17'], ['10.0.0.0/16'])).toBe(false);
    expect(blockOverlaps('10.0.0.0/16', ['10.0.0.0/17'], ['10.0.0.0/16'])).toBe(true);
  });

  it('keeps families apart and ignores malformed input', () => {
    expect(blockOverlaps('fd00::/8', [], ['10.0.0.0/8'])).toBe(false);
    expect(blockOverlaps('fd00::/8', [], ['fc00::/7'])).toBe(true);
    expect(blockOverlaps('nonsense', [], ['10.0.0.0/8'])).toBe(false);
    expect(blockOverlaps('10.0.0.0/8', [7, 'bad'], ['10.0.0.0/8'])).toBe(true);
  });
});

describe('vpcRanges', () => {
  it('reads the subnets of the cluster VPC, else falls back to private ranges', () => {
    const withData = graphInventory('', { eks: { cluster: cluster() }, ec2: { subnets: [subnet('subnet-0b', false), subnet('subnet-0a', true), { ...subnet('subnet-x', false), VpcId: 'vpc-other', CidrBlock: '172.31.0.0/16' }] } });
    expect(vpcRanges(withData).ranges).toEqual(['10.0.0.0/20', '10.0.64.0/19']);
    expect(vpcRanges(graphInventory('')).ranges).toContain('10.0.0.0/8');
  });
});
