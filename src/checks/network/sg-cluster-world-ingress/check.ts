import type { Target } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { clusterMissing, clusterName, eksCluster, securityGroupById, securityGroupRef, type SecurityGroup } from '../../../analysis/nodes/aws-resources.js';
import { securityGroupMissing } from '../../../analysis/nodes/node-security-groups.js';
import { describeTraffic, groupLabel, revokeCommand, worldOpenRanges } from '../../../analysis/nodes/security-groups.js';

interface ClusterGroupTarget extends Target {
  groupId: string;
  role: string;
  group?: SecurityGroup;
}

export const check = defineCheck<ClusterGroupTarget, 'world'>({
  id: 'sg-cluster-world-ingress',
  title: 'Cluster/control-plane SGs allow 0.0.0.0/0',
  severity: 'high',
  area: 'network',
  needs: ['aws'],
  description:
    "EKS places the control plane's network interfaces in the cluster VPC with the cluster security group (`resourcesVpcConfig.clusterSecurityGroupId`, which EKS also attaches to managed nodes) and any additional security groups given at creation (`securityGroupIds`). An inbound rule from `0.0.0.0/0` or `::/0` on them lets anything that can route to the VPC — peered networks, VPN users, the internet where addresses are public — reach the private API endpoint, the kubelets and every pod port of the nodes that share the group. EKS creates the cluster security group allowing only itself; every world-open range is reported with the traffic it admits.",
  remediation:
    'Remove world-open rules from the cluster security groups; admit the API (443/tcp) only from the networks that administer the cluster (VPN, bastion security group, CI runners).',
  messages: {
    world: 'Security group {{group}}, the {{role}}, admits {{traffic}} from {{cidr}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html'],
  requires: (inventory) => clusterMissing(inventory),
  targets: (inventory) => {
    const config = eksCluster(inventory)?.resourcesVpcConfig ?? {};
    const name = clusterName(inventory);
    const byId = securityGroupById(inventory);
    const roles = new Map<string, string>();
    if (config.clusterSecurityGroupId) roles.set(config.clusterSecurityGroupId, `cluster security group of ${name}`);
    for (const id of config.securityGroupIds ?? []) if (!roles.has(id)) roles.set(id, `additional control-plane security group of ${name}`);
    return [...roles].map(([groupId, role]) => {
      const group = byId.get(groupId);
      return group ? { resource: securityGroupRef(group), groupId, role, group } : { resource: { kind: 'SecurityGroup', name: groupId }, groupId, role };
    });
  },
  evaluate(target, context) {
    const { group } = target;
    if (!group) {
      context.notEvaluated(`The rules of ${target.groupId} (${target.role}) are unknown: ${securityGroupMissing(context.inventory, target.groupId)}`);
      return;
    }
    for (const range of worldOpenRanges(group)) {
      context.fail(
        'world',
        { group: groupLabel(group), role: target.role, traffic: describeTraffic(range.rule), cidr: range.cidr },
        {
          path: range.path,
          fix: {
            kind: 'suggestion',
            description: `Revoke the rule (${revokeCommand(group, range)}) and admit only the networks that need it.`,
            operations: [{ op: 'remove', path: toJsonPointer(range.path.slice(0, -1)) }],
          },
        },
      );
    }
  },
});
