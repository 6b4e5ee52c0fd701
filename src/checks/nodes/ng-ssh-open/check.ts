import { defineCheck } from '../../define-check.js';
import { nodegroupsMissing, securityGroupById } from '../../../analysis/nodes/aws-resources.js';
import { nodegroupTargets, type ComputeTarget } from '../../../analysis/nodes/compute-targets.js';
import { overlap, worldOpenRanges } from '../../../analysis/nodes/security-groups.js';

export const check = defineCheck<ComputeTarget, 'open'>({
  id: 'ng-ssh-open',
  title: 'SSH remote access without source SG restriction',
  severity: 'high',
  area: 'nodes',
  needs: ['aws'],
  description:
    "A managed node group created with an SSH key (`remoteAccess.ec2SshKey`) but no `remoteAccess.sourceSecurityGroups` gets a security group from EKS (`resources.remoteAccessSecurityGroup`) that opens port 22 of every node to 0.0.0.0/0, as the EKS API reference documents. The setting cannot be changed on an existing node group. When the collected rules of that security group show port 22 no longer open to the internet (someone tightened it), the group passes; sg-node-ssh-world reports such rules on any node security group.",
  remediation:
    'Recreate the node group without remote access (use SSM Session Manager), or with `sourceSecurityGroups` naming a bastion or VPN security group; meanwhile revoke the 0.0.0.0/0 rule on the remote-access security group.',
  messages: {
    open: '{{what}} has SSH key "{{key}}" and no source security groups: EKS opened port 22 of its nodes to 0.0.0.0/0{{group}}',
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteAccessConfig.html',
    'https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html',
  ],
  requires: (inventory) => nodegroupsMissing(inventory),
  targets: (inventory) => nodegroupTargets(inventory),
  evaluate(target, context) {
    const remote = target.group?.remoteAccess;
    const key = remote?.ec2SshKey;
    if (!key || (remote.sourceSecurityGroups ?? []).length > 0) return;
    const groupId = target.group?.resources?.remoteAccessSecurityGroup;
    const group = groupId ? securityGroupById(context.inventory).get(groupId) : undefined;
    if (group && !worldOpenRanges(group).some((range) => overlap(range.rule, 'tcp', 22, 22))) return;
    context.fail(
      'open',
      { what: target.label, key, group: groupId ? ` (security group ${groupId})` : '' },
      {
        path: ['remoteAccess', 'sourceSecurityGroups'],
        fix: {
          kind: 'suggestion',
          description:
            'remoteAccess cannot be updated: create a replacement node group without remoteAccess (SSM Session Manager), or with sourceSecurityGroups set to a bastion/VPN security group, and delete this one. Until then revoke the 0.0.0.0/0 rule of the remote-access security group.',
          operations: [{ op: 'add', path: '/remoteAccess/sourceSecurityGroups', value: ['<bastion-security-group-id>'] }],
        },
      },
    );
  },
});
