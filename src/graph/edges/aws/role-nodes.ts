/**
 * IAM role nodes, named the same however an ARN is written: aws-auth drops a role's path, an
 * annotation may change its case. A role IAM returned is named by the ARN IAM gave; any other
 * by the ARN as written.
 */
import type { ResourceRef } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { roleKey } from '../../../analysis/identity/iam-arn.js';
import { lookupRole } from '../../../analysis/identity/iam-roles.js';
import { podIdentityRoles, workloadRoles } from '../../../analysis/identity/workload-roles.js';
import { nodeRoleTargets } from '../../../analysis/nodes/node-roles.js';
import { iamRoleNode } from '../../nodes.js';
import type { AttrValue, GraphNode, SecurityGraph } from '../../security-graph.js';

export function canonicalRoleArn(inventory: InventoryView, arn: string): string {
  const found = lookupRole(inventory, arn);
  return found.status === 'found' ? (found.record.Role.Arn ?? arn) : arn;
}

export function roleNodeId(inventory: InventoryView, arn: string): string {
  return iamRoleNode(canonicalRoleArn(inventory, arn)).id;
}

export function addRoleNode(graph: SecurityGraph, inventory: InventoryView, arn: string, attrs: Record<string, AttrValue> = {}): GraphNode {
  return graph.addNode(iamRoleNode(canonicalRoleArn(inventory, arn), attrs));
}

function keyOf(arn: string): string {
  return roleKey(arn) ?? arn;
}

/** Each role's spellings, by role key, computed once per inventory. */
function spellings(inventory: InventoryView, cacheKey: string, arns: () => Iterable<string>): Map<string, Set<string>> {
  return inventory.cached(cacheKey, () => {
    const map = new Map<string, Set<string>>();
    for (const arn of arns()) {
      const key = keyOf(arn);
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(arn);
    }
    return map;
  });
}

function refsOf(names: Set<string> | undefined): ResourceRef[] {
  return [...(names ?? [])].map((name) => ({ kind: 'IAMRole', name }));
}

/**
 * The IAMRole resources the workload-role checks (workload-role-*, irsa-trust-missing-sub,
 * podid-trust-unscoped) report a role under: the ARN as its first use wrote it.
 */
export function workloadRoleRefs(inventory: InventoryView, arn: string): ResourceRef[] {
  const names = spellings(inventory, 'graph:workload-role-names', () => [...workloadRoles(inventory), ...podIdentityRoles(inventory)].map((role) => role.arn));
  return refsOf(names.get(keyOf(arn)));
}

/** The IAMRole resources ng-node-role-overprivileged reports a node role under. */
export function nodeRoleRefs(inventory: InventoryView, arn: string): ResourceRef[] {
  const names = spellings(inventory, 'graph:node-role-names', () => nodeRoleTargets(inventory).map((target) => target.arn));
  return refsOf(names.get(keyOf(arn)));
}
