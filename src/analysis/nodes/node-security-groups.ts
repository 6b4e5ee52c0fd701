/**
 * The security groups attached to the cluster's nodes, and who uses each. A managed node group
 * launched from a launch template gets the template's groups (`SecurityGroupIds`, or
 * `NetworkInterfaces[].Groups`), or the cluster security group when the template names none;
 * without a launch template it gets the cluster security group, plus the remote-access group
 * EKS creates for SSH (`resources.remoteAccessSecurityGroup`). Running instances
 * (`SecurityGroups[].GroupId`) add what is actually attached, self-managed nodes included.
 */
import type { ResourceRef, Target } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import {
  CALLS,
  eksCluster,
  missingReason,
  nodegroupName,
  nodegroupRef,
  nodegroups,
  securityGroupById,
  securityGroupRef,
  type SecurityGroup,
} from './aws-resources.js';
import { instancesOfNodegroup, liveInstances } from './instances.js';
import { nodegroupLaunchTemplate } from './launch-templates.js';
import { computeMissing } from './compute-targets.js';

export type NodeSecurityGroupTarget = Target &
  ({ groupId: string; group?: SecurityGroup; users: string[]; unknown?: undefined } | { unknown: string; groupId?: undefined });

function add(uses: Map<string, Set<string>>, groupId: string, user: string): void {
  let users = uses.get(groupId);
  if (!users) uses.set(groupId, (users = new Set()));
  users.add(user);
}

export interface NodeSecurityGroupUses {
  /** Security group id → who uses it (`node group ng-a`, `instance i-0abc`). */
  uses: Map<string, Set<string>>;
  /** Node groups whose security groups cannot be told. */
  gaps: Array<{ resource: ResourceRef; reason: string }>;
}

/** Which security groups the cluster's nodes carry, computed once per inventory. */
export function nodeSecurityGroupUses(inventory: InventoryView): NodeSecurityGroupUses {
  return inventory.cached('nodes:security-group-uses', () => collect(inventory));
}

function collect(inventory: InventoryView): NodeSecurityGroupUses {
  const uses = new Map<string, Set<string>>();
  const gaps: Array<{ resource: ResourceRef; reason: string }> = [];
  const clusterGroup = eksCluster(inventory)?.resourcesVpcConfig?.clusterSecurityGroupId;
  for (const group of nodegroups(inventory) ?? []) {
    const label = `node group ${nodegroupName(group)}`;
    const template = nodegroupLaunchTemplate(inventory, group);
    const fromInstances = instancesOfNodegroup(inventory, nodegroupName(group));
    if (template?.version) {
      const data = template.version.LaunchTemplateData ?? {};
      const named = [...(data.SecurityGroupIds ?? []), ...(data.NetworkInterfaces ?? []).flatMap((nic) => nic.Groups ?? [])];
      for (const id of named) add(uses, id, label);
      if (named.length === 0 && clusterGroup) add(uses, clusterGroup, label);
      if (named.length === 0 && !clusterGroup && fromInstances.length === 0) {
        gaps.push({ resource: nodegroupRef(group), reason: `${template.label} names no security group, so EKS attaches the cluster security group, and ${missingReason(inventory, [CALLS.describeCluster])}` });
      }
    } else if (!template) {
      if (clusterGroup) add(uses, clusterGroup, label);
      const remote = group.resources?.remoteAccessSecurityGroup;
      if (remote) add(uses, remote, `${label} (SSH remote access)`);
      if (!clusterGroup && fromInstances.length === 0) {
        gaps.push({ resource: nodegroupRef(group), reason: `${label} uses the cluster security group, and ${missingReason(inventory, [CALLS.describeCluster])}` });
      }
    } else if (fromInstances.length === 0) {
      gaps.push({ resource: nodegroupRef(group), reason: `the security groups of ${label} are unknown: ${template.missing ?? ''}, and no running instance of it was found` });
    }
  }
  for (const instance of liveInstances(inventory)) {
    for (const attached of instance.SecurityGroups ?? []) {
      if (attached.GroupId) add(uses, attached.GroupId, `instance ${instance.InstanceId ?? '?'}`);
    }
  }
  return { uses, gaps };
}

/** Instances of one group collapse into a count, so a big group does not flood the message. */
function summarise(users: Set<string>): string[] {
  const named = [...users].filter((user) => !user.startsWith('instance '));
  const instances = [...users].length - named.length;
  return instances > 0 ? [...named, `${instances} running instance${instances === 1 ? '' : 's'}`] : named;
}

export function nodeSecurityGroupTargets(inventory: InventoryView): NodeSecurityGroupTarget[] {
  const { uses, gaps } = nodeSecurityGroupUses(inventory);
  const byId = securityGroupById(inventory);
  const targets: NodeSecurityGroupTarget[] = [...uses].map(([groupId, users]) => {
    const group = byId.get(groupId);
    const resource = group ? securityGroupRef(group) : { kind: 'SecurityGroup', name: groupId };
    return group ? { resource, groupId, group, users: summarise(users) } : { resource, groupId, users: summarise(users) };
  });
  return [...targets, ...gaps.map(({ resource, reason }) => ({ resource, unknown: reason }))];
}

export function nodeSecurityGroupsMissing(inventory: InventoryView): string | undefined {
  return computeMissing(inventory);
}

export function securityGroupMissing(inventory: InventoryView, groupId: string): string {
  return missingReason(inventory, [CALLS.describeSecurityGroups], groupId);
}
