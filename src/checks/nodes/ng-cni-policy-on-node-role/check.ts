import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { CALLS, missingReason } from '../../../analysis/nodes/aws-resources.js';
import { awsManagedPolicyName } from '../../../analysis/identity/iam-arn.js';
import { awsNodeIdentity } from '../aws-node-identity.js';
import { roleName } from '../../../analysis/nodes/node-role-grants.js';
import { lookupProblem, nodeRolesMissing, nodeRoleTargets, usersText, type NodeRoleTarget } from '../../../analysis/nodes/node-roles.js';

const CNI_POLICY = 'AmazonEKS_CNI_Policy';

export const check = defineCheck<NodeRoleTarget, 'cni'>({
  id: 'ng-cni-policy-on-node-role',
  title: 'AmazonEKS_CNI_Policy on node role instead of aws-node IRSA/Pod Identity',
  severity: 'medium',
  area: 'nodes',
  needs: ['aws'],
  description:
    "AmazonEKS_CNI_Policy lets its holder create, attach, detach and delete network interfaces and assign IP addresses across the account's VPCs. On the node role it serves the aws-node DaemonSet — and every pod that reaches the node's instance metadata. The EKS Best Practices Guide has aws-node use its own role (IRSA or EKS Pod Identity) and the policy removed from node roles. The finding says whether aws-node already has its own credentials (ServiceAccount kube-system/aws-node annotation, Pod Identity association, or the vpc-cni add-on's role), in which case the policy can be detached at once.",
  remediation:
    'Give aws-node its own role with AmazonEKS_CNI_Policy (vpc-cni add-on `serviceAccountRoleArn` or a Pod Identity association for kube-system/aws-node), roll the aws-node pods, then detach the policy from the node roles.',
  messages: {
    cni: 'Node role {{role}} ({{users}}) has AmazonEKS_CNI_Policy attached: every pod that reaches the node\'s instance metadata can manage network interfaces and IPs; {{next}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#update-the-aws-node-daemonset-to-use-irsa', 'https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html'],
  requires: (inventory) => nodeRolesMissing(inventory),
  targets: (inventory) => nodeRoleTargets(inventory),
  evaluate(target, context) {
    const problem = lookupProblem(target);
    if (problem || target.lookup.status !== 'found') {
      context.notEvaluated(problem ?? 'role not found');
      return;
    }
    const { record } = target.lookup;
    if (record.AttachedPolicies === undefined) {
      context.notEvaluated(`The attached policies of node role ${roleName(record)} are unknown: ${missingReason(context.inventory, [CALLS.listAttachedRolePolicies], target.arn)}`);
      return;
    }
    const index = record.AttachedPolicies.findIndex((policy) => awsManagedPolicyName(policy.PolicyArn) === CNI_POLICY);
    if (index < 0) return;
    const own = awsNodeIdentity(context.inventory);
    const next = own ? `aws-node already uses ${own.via}, so the policy can be detached now` : 'give aws-node its own role (IRSA or Pod Identity) first, then detach it';
    const path = ['AttachedPolicies', index];
    context.fail('cni', { role: roleName(record), users: usersText(target), next }, {
      path,
      fix: {
        kind: 'suggestion',
        description: `${own ? '' : 'After giving aws-node its own role: '}aws iam detach-role-policy --role-name ${roleName(record)} --policy-arn ${record.AttachedPolicies[index]?.PolicyArn ?? ''}`,
        operations: [{ op: 'remove', path: toJsonPointer(path) }],
      },
    });
  },
});
