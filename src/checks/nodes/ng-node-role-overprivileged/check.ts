import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { stringListOption } from '../../targets.js';
import { listSome } from '../../../analysis/nodes/aws-resources.js';
import { DEFAULT_NODE_POLICIES, nodeRoleExcess, roleName } from '../../../analysis/nodes/node-role-grants.js';
import { lookupProblem, nodeRolesMissing, nodeRoleTargets, usersText, type NodeRoleTarget } from '../../../analysis/nodes/node-roles.js';

const BROAD = "Node role {{role}} ({{users}}): {{policy}} lets every pod that reaches the node's instance metadata {{problems}}";

export const check = defineCheck<NodeRoleTarget, 'broad' | 'broadEcrWrite' | 'extra'>({
  id: 'ng-node-role-overprivileged',
  title: 'Node IAM role has more than worker/ECR-read/CNI policies',
  severity: 'high',
  area: 'nodes',
  needs: ['aws'],
  description: `A node role's credentials are served by the instance metadata service to the node — and to every pod that can reach it (IMDSv1, or a hop limit of 2), so anything attached to it is granted to every workload on those nodes. Nodes need AmazonEKSWorkerNodePolicy, ECR read (AmazonEC2ContainerRegistryReadOnly or PullOnly) and, until aws-node has its own role, AmazonEKS_CNI_Policy; the \`allowedPolicies\` option (AWS managed names or policy ARNs; default ${DEFAULT_NODE_POLICIES.join(', ')}) lists what is accepted. Every other attached or inline policy is reported: at high severity (critical for administrator access) when the IAM evaluator finds it grants administrator access, a whole service, sensitive actions on every resource (secrets, parameters, KMS decrypt, S3 objects…), ECR write access (CIS 5.1.3) or an IAM privilege escalation path, otherwise at medium with the actions it adds. Node roles are found from node groups, EC2 access entries and aws-auth node mappings.`,
  remediation:
    "Detach the extra policies from the node role and give the workloads that need them their own role through IRSA or EKS Pod Identity; keep node roles to the worker, ECR read-only and (until aws-node uses IRSA) CNI policies.",
  // broadEcrWrite reads as broad; its own id marks the findings that decide CIS 5.1.3 (ECR read-only).
  messages: {
    broad: BROAD,
    broadEcrWrite: BROAD,
    extra: "Node role {{role}} ({{users}}): {{policy}} is beyond what nodes need ({{actions}}), and every pod that reaches the node's instance metadata holds it",
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html',
    'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#restrict-access-to-the-instance-profile-assigned-to-the-worker-node',
  ],
  options: { allowedPolicies: DEFAULT_NODE_POLICIES },
  requires: (inventory) => nodeRolesMissing(inventory),
  targets: (inventory) => nodeRoleTargets(inventory),
  evaluate(target, context) {
    const problem = lookupProblem(target);
    if (problem || target.lookup.status !== 'found') {
      context.notEvaluated(problem ?? 'role not found');
      return;
    }
    const { record } = target.lookup;
    const allowed = context.options.allowedPolicies === undefined ? DEFAULT_NODE_POLICIES : stringListOption(context.options, 'allowedPolicies');
    const { excess, missing } = nodeRoleExcess(context.inventory, record, allowed);
    const base = { role: roleName(record), users: usersText(target) };
    for (const policy of excess) {
      const fix = {
        kind: 'suggestion' as const,
        description: `Detach ${policy.label} from the node role and grant what workloads need through IRSA or EKS Pod Identity roles.`,
        operations: [{ op: 'remove' as const, path: toJsonPointer(policy.path) }],
      };
      if (policy.problems.length > 0) {
        context.fail(policy.ecrWrite ? 'broadEcrWrite' : 'broad', { ...base, policy: policy.label, problems: policy.problems.join('; ') }, {
          path: policy.path,
          fix,
          ...(policy.admin && { severity: 'critical' as const }),
        });
      } else {
        context.fail('extra', { ...base, policy: policy.label, actions: policy.actions.length > 0 ? listSome(policy.actions, 4) : 'no Allow statement' }, {
          path: policy.path,
          fix,
          severity: 'medium',
        });
      }
    }
    for (const policy of missing) {
      context.notEvaluated(`Node role ${base.role}: the document of ${policy.label} is missing: ${policy.reason}`, { path: policy.path });
    }
  },
});
