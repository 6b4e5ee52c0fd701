import { describe, expect, it } from 'vitest';
import { nodeNamesText, nodePools, nodesMissing } from './node-pools.js';
import { nodegroup, nodegroupArn } from '../../checks/nodes/test-support/aws-fixtures.js';
import { node, view } from '../../checks/nodes/test-support/views.js';

describe('node pools', () => {
  const objects = [
    node('a1', { 'eks.amazonaws.com/nodegroup': 'general' }),
    node('a2', { 'eks.amazonaws.com/nodegroup': 'general' }),
    node('f1', { 'eks.amazonaws.com/compute-type': 'fargate', 'eks.amazonaws.com/fargate-profile': 'batch' }),
    node('m1', { 'eks.amazonaws.com/compute-type': 'auto', 'karpenter.sh/nodepool': 'system' }),
    node('k1', { 'karpenter.sh/provisioner-name': 'legacy' }),
    node('e1', { 'alpha.eksctl.io/nodegroup-name': 'workers' }),
    node('h1', { 'eks.amazonaws.com/compute-type': 'hybrid', 'karpenter.sh/nodepool': 'odd' }),
    node('s1'),
  ];

  it('groups Nodes by what launches them, naming managed groups by ARN when known', () => {
    const pools = nodePools(view({ eks: { nodegroups: [nodegroup('general')] } }, { objects }), ['ghost']);
    expect(pools.map((pool) => [pool.kind, pool.resource.kind, pool.resource.name, pool.nodeNames.join(',')])).toEqual([
      ['managed', 'Nodegroup', nodegroupArn('general'), 'a1,a2'],
      ['fargate', 'FargateProfile', 'batch', 'f1'],
      ['auto-mode', 'NodePool', 'system', 'm1'],
      ['karpenter', 'NodePool', 'legacy', 'k1'],
      ['eksctl', 'Nodegroup', 'workers', 'e1'],
      ['hybrid', 'Node', 'h1', 'h1'],
      ['node', 'Node', 's1', 's1'],
      ['node', 'Node', 'ghost', 'ghost'],
    ]);
    expect(pools[0]?.nodes).toHaveLength(2);
    expect(pools.at(-1)?.nodes).toHaveLength(0);
  });

  it('describes subsets of a pool', () => {
    const [pool] = nodePools(view(undefined, { objects: [node('a1', { 'eks.amazonaws.com/nodegroup': 'g' }), node('a2', { 'eks.amazonaws.com/nodegroup': 'g' })] }));
    expect(pool && nodeNamesText(pool)).toBe('all 2 nodes (a1, a2)');
    expect(pool && nodeNamesText(pool, ['a2'])).toBe('1 of 2 nodes (a2)');
  });

  it('says why Nodes are missing', () => {
    expect(nodesMissing(view(undefined, { objects }))).toBeUndefined();
    expect(nodesMissing(view(undefined, { manifests: true }))).toMatch(/a manifests scan does not have/);
    expect(nodesMissing(view(undefined, { errors: [{ source: 'kubernetes', operation: 'list', resource: 'v1/nodes', code: 403, message: 'forbidden' }] }))).toMatch(/^listing Nodes failed during collection \(403: forbidden\)/);
    expect(nodesMissing(view(undefined))).toBe('no Node objects were collected');
  });
});
