/**
 * The IAM roles the cluster's EC2 nodes run as, and who uses each: managed node groups
 * (`nodegroup.nodeRole`), EC2 access entries (types `EC2_LINUX`, `EC2_WINDOWS`, and `EC2` for
 * EKS Auto Mode, which Karpenter and self-managed nodes use too), and aws-auth `mapRoles`
 * entries in `system:nodes` whose username is the EC2 node name (Fargate pod execution roles
 * use `{{SessionName}}` and are left out: Fargate pods cannot reach their credentials).
 * Every pod that can reach its node's instance metadata holds these roles' permissions.
 */
import type { Target } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { awsAuthConfigMap, parseMappings } from '../identity/aws-auth.js';
import { roleKey } from '../identity/iam-arn.js';
import { lookupRole, type RoleLookup } from '../identity/iam-roles.js';
import { nodegroupName, nodegroups, nodegroupsMissing } from './aws-resources.js';

export interface NodeRoleTarget extends Target {
  arn: string;
  /** `node group general`, `access entry (EC2_LINUX)`, `aws-auth mapRoles[1]`. */
  users: string[];
  lookup: RoleLookup;
}

const NODE_ENTRY_TYPES = new Set(['EC2_LINUX', 'EC2_WINDOWS', 'EC2']);

export function nodeRoleTargets(inventory: InventoryView): NodeRoleTarget[] {
  const roles = new Map<string, { arn: string; users: string[] }>();
  const add = (arn: unknown, user: string): void => {
    // AWS data keeps the API's shapes, but a field of the wrong type must not stop the scan.
    if (typeof arn !== 'string' || arn === '') return;
    const key = roleKey(arn) ?? arn;
    const entry = roles.get(key) ?? { arn, users: [] };
    if (!entry.users.includes(user)) entry.users.push(user);
    roles.set(key, entry);
  };
  for (const group of nodegroups(inventory) ?? []) add(group.nodeRole, `node group ${nodegroupName(group)}`);
  for (const record of inventory.aws?.eks?.accessEntries ?? []) {
    const type = record.accessEntry.type;
    if (type && NODE_ENTRY_TYPES.has(type)) add(record.accessEntry.principalArn, `access entry (${type})`);
  }
  const configMap = awsAuthConfigMap(inventory);
  const mappings = configMap ? parseMappings(configMap, 'mapRoles') : undefined;
  if (mappings?.ok) {
    for (const mapping of mappings.value) {
      if (mapping.groups.includes('system:nodes') && mapping.username?.includes('{{EC2PrivateDNSName}}')) add(mapping.arn, `aws-auth mapRoles[${mapping.index}]`);
    }
  }
  return [...roles.values()].map(({ arn, users }) => ({ resource: { kind: 'IAMRole', name: arn }, arn, users, lookup: lookupRole(inventory, arn) }));
}

/** Nothing to find node roles in: node groups missing, and no access entry or aws-auth names one. */
export function nodeRolesMissing(inventory: InventoryView): string | undefined {
  if (nodegroups(inventory)) return undefined;
  if (nodeRoleTargets(inventory).length > 0) return undefined;
  return nodegroupsMissing(inventory);
}

export function usersText(target: NodeRoleTarget): string {
  return target.users.length <= 3 ? target.users.join(', ') : `${target.users.slice(0, 3).join(', ')} and ${target.users.length - 3} more`;
}

/** Why the role's data cannot be used, or undefined when it was found. */
export function lookupProblem(target: NodeRoleTarget): string | undefined {
  if (target.lookup.status === 'found') return undefined;
  if (target.lookup.status === 'missing') {
    return `The node role ${target.arn} (${usersText(target)}) no longer exists (GetRole: ${target.lookup.error.message})`;
  }
  return `The node role ${target.arn} (${usersText(target)}) is unknown: ${target.lookup.reason}`;
}
