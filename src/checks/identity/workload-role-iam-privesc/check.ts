import { defineCheck } from '../../define-check.js';
import { listText } from '../../../analysis/rbac/grant-text.js';
import type { MissingDataTarget } from '../../../analysis/identity/eks-cluster-data.js';
import { adminGrant, holdsAllOfIam } from '../../../analysis/identity/iam-capabilities.js';
import { grantLabel } from '../../../analysis/identity/iam-permissions.js';
import { privescPaths, type PrivescPath } from '../../../analysis/identity/iam-privesc.js';
import { caveats, findingSeverity, readWorkloadRole, reportMissingDocuments } from '../workload-role-check.js';
import { describeUses, existingRoles, roleLabel, workloadRoleTargets, workloadRoles, type WorkloadRoleTarget } from '../../../analysis/identity/workload-roles.js';

function pathText(path: PrivescPath): string {
  const onItself = path.steps.some((step) => step.target === 'itself') ? ' on itself' : '';
  const grants = [...new Set(path.steps.map((step) => grantLabel(step.decision.grants[0])))];
  return `${path.rule.title}${onItself} [${grants.join('; ')}]`;
}

/**
 * The rule set of iam-privesc.ts, asked of the role as its pods hold it (Deny statements,
 * conditions such as iam:PassedToService, and Pod Identity session policies included). One
 * finding per role lists the open paths, outright ones first, and points at the statement
 * granting the first.
 */
export const check = defineCheck<WorkloadRoleTarget | MissingDataTarget, 'privesc'>({
  id: 'workload-role-iam-privesc',
  title: 'Workload IAM role can escalate its own privileges',
  severity: 'critical',
  area: 'identity',
  needs: ['aws'],
  description:
    'Some IAM permissions are administrator access in disguise: writing or attaching policies, creating policy versions, passing a privileged role to a service that runs attacker code (EC2, Lambda, CloudFormation, Glue, ECS, CodeBuild, Data Pipeline), minting user credentials, or assuming other roles. A pod holding them can make itself an account administrator.',
  remediation:
    'Remove the escalating actions from the workload role, or scope them to named resources (iam:PassRole to one role ARN with an iam:PassedToService condition, policy actions to a path the role cannot attach to itself); use a permissions boundary on roles the workload may create.',
  messages: {
    privesc: 'Role {{role}} ({{uses}}) can escalate to more privileges: {{paths}}{{caveats}}',
  },
  links: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
    'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
  ],
  targets: (inventory) => workloadRoleTargets(inventory, existingRoles(inventory, workloadRoles(inventory))),
  evaluate(target, context) {
    const access = readWorkloadRole(target, context);
    if (!access || !('role' in target)) return;
    // Only a role holding all of IAM has every path; a NotAction grant that leaves out iam:* is
    // judged path by path like any other.
    const admin = holdsAllOfIam(access) ? adminGrant(access) : undefined;
    if (admin) {
      // Every path is open; listing them would only repeat that the role is an administrator.
      const first = admin.decision.grants[0];
      context.fail(
        'privesc',
        {
          role: roleLabel(access.arn),
          uses: describeUses(context.inventory, target.role.uses),
          paths: `every path, as it already holds ${admin.what} [${admin.managedPolicy ? `AWS managed policy ${admin.managedPolicy}` : grantLabel(first)}]`,
          caveats: caveats(admin.decision.verdict === 'allowed' ? [] : admin.decision.undecidedKeys, access),
        },
        { path: first?.path ?? [], severity: findingSeverity('critical', admin.decision.verdict !== 'allowed', access) },
      );
      return;
    }
    const paths = privescPaths(access);
    if (paths.length === 0) {
      reportMissingDocuments(access, context);
      return;
    }
    const outright = paths.some((path) => path.verdict === 'allowed');
    const shown = outright ? paths.filter((path) => path.verdict === 'allowed') : paths;
    const first = shown[0]?.steps[0]?.decision.grants[0];
    context.fail(
      'privesc',
      {
        role: roleLabel(access.arn),
        uses: describeUses(context.inventory, target.role.uses),
        paths: listText(shown.map(pathText), 4),
        caveats: caveats(outright ? [] : [...new Set(shown.flatMap((path) => path.undecidedKeys))], access),
      },
      { path: first?.path ?? [], severity: findingSeverity('critical', !outright, access) },
    );
  },
});
