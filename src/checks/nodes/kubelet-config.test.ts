import { describe, expect, it } from 'vitest';
import { kubeletRequires, kubeletTargets, valueAt } from './kubelet-config.js';
import { eksKubeletConfig } from './test-support/kubelet-fixtures.js';
import { node, view } from './test-support/views.js';

describe('kubelet configurations', () => {
  it('reads nested fields and tolerates odd shapes', () => {
    const config = eksKubeletConfig();
    expect(valueAt(config, ['authentication', 'anonymous', 'enabled'])).toBe(false);
    expect(valueAt(config, ['authentication', 'nope', 'enabled'])).toBeUndefined();
    expect(valueAt({ clusterDNS: ['x'] }, ['clusterDNS', '0'])).toBeUndefined();
  });

  it('requires collected configurations and names how to collect them', () => {
    expect(kubeletRequires(view(undefined, { kubeletConfigs: {} }))).toBeUndefined();
    expect(kubeletRequires(view(undefined))).toMatch(/collect with --kubelet-config/);
    expect(kubeletRequires(view(undefined, { manifests: true }))).toMatch(/a manifests scan does not have/);
  });

  it('pools nodes, including configurations of nodes without a Node object, and lists the missing', () => {
    const inventory = view(undefined, {
      objects: [node('a1', { 'eks.amazonaws.com/nodegroup': 'g' }), node('a2', { 'eks.amazonaws.com/nodegroup': 'g' })],
      kubeletConfigs: { a1: eksKubeletConfig(), lonely: eksKubeletConfig() },
    });
    expect(kubeletTargets(inventory).map((target) => [target.resource.name, target.configs.map((entry) => entry.node), target.missing])).toEqual([
      ['g', ['a1'], ['a2']],
      ['lonely', ['lonely'], []],
    ]);
  });
});
