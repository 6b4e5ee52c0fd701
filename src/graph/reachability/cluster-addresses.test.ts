import { describe, expect, it } from 'vitest';
import { cluster, subnet } from '../../checks/nodes/test-support/aws-fixtures.js';
import { graphInventory } from '../test-support/inventory.js';
import { blockMatchesPods, blockOverlaps, podAddressing, vpcRanges } from './cluster-addresses.js';

const ENI_CONFIG = `apiVersion: crd.k8s.amazonaws.com/v1alpha1
kind: ENIConfig
metadata: { name: eu-west-1a }
spec: { subnet: subnet-0pods, securityGroups: [sg-1] }
`;

const CILIUM_AGENT = `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: cilium, namespace: kube-system }
spec:
  selector: { matchLabels: { k8s-app: cilium } }
  template:
    metadata: { labels: { k8s-app: cilium } }
    spec:
      containers: [{ name: cilium-agent, image: "quay.io/cilium/cilium:v1.16.3" }]
`;

const AWS = { eks: { cluster: cluster() }, ec2: { subnets: [subnet('subnet-0b', false), subnet('subnet-0a', true), { ...subnet('subnet-x', false), VpcId: 'vpc-other', CidrBlock: '172.31.0.0/16' }] } };

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
    expect(vpcRanges(graphInventory('', AWS)).ranges).toEqual(['10.0.0.0/20', '10.0.64.0/19']);
    expect(vpcRanges(graphInventory('')).ranges).toContain('10.0.0.0/8');
  });

  it('adds the private ranges under custom networking, whose pod subnets the AWS data may lack', () => {
    const custom = vpcRanges(graphInventory(ENI_CONFIG, AWS));
    expect(custom.ranges).toEqual(expect.arrayContaining(['10.0.0.0/20', '100.64.0.0/10', '172.16.0.0/12']));
    expect(custom.label).toContain('ENIConfig');
  });
});

describe('podAddressing', () => {
  it('lets an overlapping ipBlock match pods, and says why', () => {
    const addressing = podAddressing(graphInventory('', AWS));
    expect(addressing.identityBased).toBeUndefined();
    expect(blockMatchesPods(addressing, '0.0.0.0/0', ['169.254.169.254/32'])).toMatch(/^ipBlock 0\.0\.0\.0\/0 \(except 169\.254\.169\.254\/32\) overlaps the subnets of vpc-/);
    expect(blockMatchesPods(addressing, '172.16.0.0/12', [])).toBeUndefined();
  });

  it('matches no pod when Cilium runs the policies', () => {
    const addressing = podAddressing(graphInventory(CILIUM_AGENT));
    expect(addressing.identityBased).toContain('Cilium');
    expect(blockMatchesPods(addressing, '10.0.0.0/8', [])).toBeUndefined();
  });
});
