import { describe, expect, it } from 'vitest';
import { fargateOnly } from './compute.js';
import { inventoryOf } from './test-support/inventory.js';

const node = (name: string, computeType?: string) => `
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels: { kubernetes.io/os: linux${computeType ? `, eks.amazonaws.com/compute-type: ${computeType}` : ''} }
`;

describe('fargateOnly', () => {
  it('is true only when every collected node is a Fargate node', () => {
    expect(fargateOnly(inventoryOf({ yaml: [node('fargate-ip-10-0-1-2', 'fargate'), node('fargate-ip-10-0-1-3', 'fargate')].join('---\n') }))).toBe(true);
    expect(fargateOnly(inventoryOf({ yaml: [node('fargate-ip-10-0-1-2', 'fargate'), node('ip-10-0-2-7')].join('---\n') }))).toBe(false);
    expect(fargateOnly(inventoryOf({ yaml: node('i-0abc', 'auto') }))).toBe(false);
    expect(fargateOnly(inventoryOf())).toBe(false);
  });
});
