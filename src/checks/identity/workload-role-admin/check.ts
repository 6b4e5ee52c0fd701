import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import type { MissingDataTarget } from '../../../analysis/identity/eks-cluster-data.js';
import { adminGrant } from '../../../analysis/identity/iam-capabilities.js';
import { grantLabel } from '../../../analysis/identity/iam-permissions.js';
import { caveats, findingSeverity, readWorkloadRole, reportMissingDocuments } from '../workload-role-check.js';
import { describeUses, existingRoles, roleLabel, workloadRoleTargets, workloadRoles, type WorkloadRoleTarget } from '../../../analysis/identity/workload-roles.js';

/**
 * Administrator-equivalent: every action on every resource (AdministratorAccess, `"Action": "*"`,
 * PowerUserAccess's NotAction) or every IAM action (IAMFullAccess, `iam:*`, from which any other
 * permission is one API call away). Decided by the evaluator, so an attached AdministratorAccess
 * cancelled by an explicit Deny does not count, and one written inline does.
 */
export const check = defineCheck<WorkloadRoleTarget | MissingDataTarget, 'admin'>({
  id: 'workload-role-admin',
  title: 'Workload IAM role has administrator access',
  severity: 'critical',
  area: 'identity',
  needs: ['aws'],
  description:
    'Pods that receive an administrator role through IRSA or Pod Identity turn any code execution in them (a vulnerable dependency, a compromised image, an exec) into control of the whole AWS account.',
  remediation:
    'Replace the role’s administrator policy with a policy listing the actions and resources the application calls; IAM Access Analyzer can generate one from CloudTrail activity.',
  messages: {
    admin: 'Role {{role}} ({{uses}}) has administrator access: {{what}} through {{grant}}{{caveats}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html'],
  targets: (inventory) => workloadRoleTargets(inventory, existingRoles(inventory, workloadRoles(inventory))),
  evaluate(target, context) {
    const access = readWorkloadRole(target, context);
    if (!access || !('role' in target)) return;
    const grant = adminGrant(access);
    if (!grant) {
      reportMissingDocuments(access, context);
      return;
    }
    const first = grant.decision.grants[0];
    const conditional = grant.decision.verdict !== 'allowed';
    const attached = first?.path[0] === 'AttachedPolicies' ? first.path.slice(0, 2) : undefined;
    context.fail(
      'admin',
      {
        role: roleLabel(access.arn),
        uses: describeUses(context.inventory, target.role.uses),
        what: grant.what,
        grant: grant.managedPolicy ? `AWS managed policy ${grant.managedPolicy}` : grantLabel(first),
        caveats: caveats(grant.decision.undecidedKeys, access),
      },
      {
        path: grant.managedPolicy && attached ? [...attached, 'PolicyArn'] : (first?.path ?? []),
        severity: findingSeverity('critical', conditional, access),
        fix: {
          kind: 'suggestion',
          description: attached
            ? 'Detach this policy from the role and attach a least-privilege policy for the application'
            : 'Replace the statement with the actions and resources the application needs',
          operations: [{ op: 'remove', path: toJsonPointer(attached ?? first?.path ?? []) }],
        },
      },
    );
  },
});
