/**
 * The cluster's EC2 instances grouped the way they are managed, so that a setting shared by a
 * whole group is reported once: instances of a managed node group (tag `eks:nodegroup-name`),
 * of a Karpenter NodePool (`karpenter.sh/nodepool`), of an Auto Scaling group
 * (`aws:autoscaling:groupName`), or standing alone.
 */
import type { ResourceRef } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { instances, nodegroups, nodegroupName, tagValue, type Ec2Instance } from './aws-resources.js';

export interface InstancePool {
  resource: ResourceRef;
  /** `node group ng-a`, `Karpenter NodePool default`, `Auto Scaling group asg-1`, `instance i-0abc`. */
  label: string;
  instances: Ec2Instance[];
}

const GONE = new Set(['terminated', 'shutting-down']);

/** Instances that are or will again be nodes: terminated ones no longer matter. */
export function liveInstances(inventory: InventoryView): Ec2Instance[] {
  return inventory.cached('nodes:live-instances', () =>
    (instances(inventory) ?? []).filter((instance) => !GONE.has(instance.State?.Name ?? '')),
  );
}

export function instancesOfNodegroup(inventory: InventoryView, name: string): Ec2Instance[] {
  return inventory.cached(`nodes:instances-of:${name}`, () =>
    liveInstances(inventory).filter((instance) => tagValue(instance.Tags, 'eks:nodegroup-name') === name),
  );
}

function poolKey(instance: Ec2Instance): { kind: string; name: string; label: string } {
  const nodegroup = tagValue(instance.Tags, 'eks:nodegroup-name');
  if (nodegroup) return { kind: 'Nodegroup', name: nodegroup, label: `node group ${nodegroup}` };
  const nodePool = tagValue(instance.Tags, 'karpenter.sh/nodepool');
  if (nodePool) return { kind: 'NodePool', name: nodePool, label: `Karpenter NodePool ${nodePool}` };
  const asg = tagValue(instance.Tags, 'aws:autoscaling:groupName');
  if (asg) return { kind: 'AutoScalingGroup', name: asg, label: `Auto Scaling group ${asg}` };
  const id = instance.InstanceId ?? 'unknown';
  return { kind: 'Instance', name: id, label: `instance ${id}` };
}

/**
 * Instances outside the managed node groups the AWS data describes (self-managed groups,
 * Karpenter, standalone), grouped. When node groups were not collected, their instances form
 * pools of their own so they are still evaluated.
 */
export function unmanagedInstancePools(inventory: InventoryView): InstancePool[] {
  return inventory.cached('nodes:unmanaged-instance-pools', () => {
    const managed = new Set((nodegroups(inventory) ?? []).map(nodegroupName));
    const pools = new Map<string, InstancePool>();
    for (const instance of liveInstances(inventory)) {
      const key = poolKey(instance);
      if (key.kind === 'Nodegroup' && managed.has(key.name)) continue;
      const id = `${key.kind}/${key.name}`;
      let pool = pools.get(id);
      if (!pool) pools.set(id, (pool = { resource: { kind: key.kind, name: key.name }, label: key.label, instances: [] }));
      pool.instances.push(instance);
    }
    return [...pools.values()];
  });
}

export function instanceIds(list: readonly Ec2Instance[]): string[] {
  return list.map((instance) => instance.InstanceId ?? 'unknown');
}
