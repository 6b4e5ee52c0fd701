import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { nodeSecurityGroupsMissing, nodeSecurityGroupTargets, securityGroupMissing, type NodeSecurityGroupTarget } from '../../../analysis/nodes/node-security-groups.js';
import { describeTraffic, groupLabel, overlap, revokeCommand, worldOpenRanges } from '../../../analysis/nodes/security-groups.js';

/** The Kubernetes default `--service-node-port-range`, which EKS does not let you change. */
const NODE_PORTS: [number, number] = [30000, 32767];

export const check = defineCheck<NodeSecurityGroupTarget, 'nodePorts'>({
  id: 'sg-nodeport-world',
  title: 'Node SG allows 30000–32767 from internet',
  severity: 'high',
  area: 'network',
  needs: ['aws'],
  description:
    'Every NodePort and LoadBalancer Service listens on the NodePort range (30000–32767, TCP and UDP) of every node. A node security group that admits that range from `0.0.0.0/0` or `::/0` publishes each such Service on each node, around the load balancer, its TLS, WAF and source ranges; internal-only Services become public too. Node security groups are found as for sg-node-ssh-world (launch templates, the cluster security group, the SSH remote-access group, running instances). Rules for all traffic or port ranges that overlap the NodePort range count, once per world-open range.',
  remediation:
    'Remove the world-open rule. Let load balancers reach NodePorts through their own security group (the AWS Load Balancer Controller manages such rules), or use IP targets so traffic goes to pods directly.',
  messages: {
    nodePorts:
      'Security group {{group}}, attached to {{users}}, admits {{traffic}} from {{cidr}}: NodePorts {{ports}} of every node are reachable from the whole internet',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html', 'https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport'],
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
      const exposed = (['tcp', 'udp'] as const).flatMap((protocol) => {
        const ports = overlap(range.rule, protocol, ...NODE_PORTS);
        return ports ? [`${ports[0]}-${ports[1]}/${protocol}`] : [];
      });
      if (exposed.length === 0) continue;
      context.fail(
        'nodePorts',
        { group: groupLabel(group), users: target.users.join(', '), traffic: describeTraffic(range.rule), cidr: range.cidr, ports: exposed.join(' and ') },
        {
          path: range.path,
          fix: {
            kind: 'suggestion',
            description: `Revoke the rule (${revokeCommand(group, range)}); load balancers reach NodePorts through their own security groups.`,
            operations: [{ op: 'remove', path: toJsonPointer(range.path.slice(0, -1)) }],
          },
        },
      );
    }
  },
});
