import { describe, expect, it } from 'vitest';
import { instanceIds, instancesOfNodegroup, liveInstances, unmanagedInstancePools } from './instances.js';
import { instance, nodegroup } from '../../checks/nodes/test-support/aws-fixtures.js';
import { view } from '../../checks/nodes/test-support/views.js';

const tags = (extra: Array<{ Key: string; Value: string }>) => [{ Key: 'eks:cluster-name', Value: 'prod' }, ...extra];

describe('instances', () => {
  const all = [
    instance('i-1', 'general'),
    instance('i-2', 'general', { State: { Name: 'terminated', Code: 48 } }),
    instance('i-3', 'orphan'),
    instance('i-4', undefined, { Tags: tags([{ Key: 'karpenter.sh/nodepool', Value: 'default' }, { Key: 'aws:autoscaling:groupName', Value: 'ignored' }]) }),
    instance('i-5', undefined, { Tags: tags([{ Key: 'karpenter.sh/nodepool', Value: 'default' }]) }),
    instance('i-6', undefined, { Tags: tags([{ Key: 'aws:autoscaling:groupName', Value: 'workers' }]) }),
    instance('i-7', undefined, { Tags: tags([]) }),
  ];

  it('leaves terminated instances out', () => {
    const inventory = view({ ec2: { instances: all } });
    expect(instanceIds(liveInstances(inventory))).toEqual(['i-1', 'i-3', 'i-4', 'i-5', 'i-6', 'i-7']);
    expect(instanceIds(instancesOfNodegroup(inventory, 'general'))).toEqual(['i-1']);
  });

  it('groups instances outside collected node groups by what launched them', () => {
    const pools = unmanagedInstancePools(view({ eks: { nodegroups: [nodegroup('general')] }, ec2: { instances: all } }));
    expect(pools.map((pool) => [pool.resource.kind, pool.resource.name, pool.label, instanceIds(pool.instances)])).toEqual([
      ['Nodegroup', 'orphan', 'node group orphan', ['i-3']],
      ['NodePool', 'default', 'Karpenter NodePool default', ['i-4', 'i-5']],
      ['AutoScalingGroup', 'workers', 'Auto Scaling group workers', ['i-6']],
      ['Instance', 'i-7', 'instance i-7', ['i-7']],
    ]);
  });

  it('keeps managed node group instances in pools when node groups were not collected', () => {
    const pools = unmanagedInstancePools(view({ ec2: { instances: [instance('i-1', 'general')] } }));
    expect(pools.map((pool) => pool.label)).toEqual(['node group general']);
  });
});
