import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { nodeSecurityGroupsMissing, nodeSecurityGroupTargets, securityGroupMissing, type NodeSecurityGroupTarget } from '../../../analysis/nodes/node-security-groups.js';
import { describeTraffic, groupLabel, overlap, revokeCommand, worldOpenRanges } from '../../../analysis/nodes/security-groups.js';

export const check = defineCheck<NodeSecurityGroupTarget, 'ssh'>({
  id: 'sg-node-ssh-world',
  title: 'Node SG allows 22/tcp from internet',
  severity: 'high',
  area: 'network',
  needs: ['aws'],
  description:
    'A security group attached to nodes that admits TCP port 22 from `0.0.0.0/0` or `::/0` exposes sshd to the internet wherever a node has a public address or sits behind a load balancer or NAT that forwards it; key-based SSH still invites brute force and the exploitation of sshd bugs. The node security groups are those of the node groups\' launch templates (`SecurityGroupIds`, `NetworkInterfaces[].Groups`), the cluster security group EKS attaches when a template names none, the SSH remote-access group EKS creates, and every group on a running instance of the cluster. Rules for all traffic or port ranges that include 22 count.',
  remediation:
    'Remove the world-open rule; allow SSH only from a bastion or VPN security group, or better, drop SSH and use SSM Session Manager.',
  messages: {
    ssh: 'Security group {{group}}, attached to {{users}}, admits {{traffic}} from {{cidr}}: SSH (22/tcp) is open to the whole internet',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html', 'https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html'],
  requires: (inventory) => nodeSecurityGroupsMissing(inventory),
  targets: (inventory) => nodeSecurityGroupTargets(inventory),
  evaluate(target, context) {
    if (target.unknown !== undefined) {
      context.notEvaluated(target.unknown);
      return;
    }
    const { group } = target;
    if (!group) {
      context.notEvaluated(`Security group ${target.groupId} (attached to ${target.users.join(', ')}) has no rules in the data: ${securityGroupMissing(context.inventory, target.groupId)}`);
      return;
    }
    for (const range of worldOpenRanges(group)) {
      if (!overlap(range.rule, 'tcp', 22, 22)) continue;
      context.fail(
        'ssh',
        { group: groupLabel(group), users: target.users.join(', '), traffic: describeTraffic(range.rule), cidr: range.cidr },
        {
          path: range.path,
          fix: {
            kind: 'suggestion',
            description: `Revoke the rule (${revokeCommand(group, range)}) and, if SSH is still needed, allow it from a bastion or VPN security group instead.`,
            operations: [{ op: 'remove', path: toJsonPointer(range.path.slice(0, -1)) }],
          },
        },
      );
    }
  },
});
