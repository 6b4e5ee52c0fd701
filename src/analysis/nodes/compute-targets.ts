/**
 * What the EC2-side node checks evaluate: each managed node group, and each group of instances
 * outside them (self-managed, Karpenter, standalone).
 */
import type { Target } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { instances, instancesMissing, nodegroupName, nodegroupRef, nodegroups, nodegroupsMissing, type Nodegroup } from './aws-resources.js';
import { unmanagedInstancePools, type InstancePool } from './instances.js';

export type ComputeTarget = Target & { label: string } & ({ group: Nodegroup; pool?: undefined } | { pool: InstancePool; group?: undefined });

export function nodegroupTargets(inventory: InventoryView): Array<ComputeTarget & { group: Nodegroup }> {
  return (nodegroups(inventory) ?? []).map((group) => ({ resource: nodegroupRef(group), label: `node group ${nodegroupName(group)}`, group }));
}

export function computeTargets(inventory: InventoryView): ComputeTarget[] {
  const pools: ComputeTarget[] = unmanagedInstancePools(inventory).map((pool) => ({ resource: pool.resource, label: pool.label, pool }));
  return [...nodegroupTargets(inventory), ...pools];
}

/** Nothing to evaluate from: neither node groups nor instances were collected. */
export function computeMissing(inventory: InventoryView): string | undefined {
  if (nodegroups(inventory) || instances(inventory)) return undefined;
  return `node groups and instances are both missing: ${nodegroupsMissing(inventory) ?? ''}; ${instancesMissing(inventory) ?? ''}`;
}
