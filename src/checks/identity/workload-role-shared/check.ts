import { defineCheck } from '../../define-check.js';
import { listText } from '../../../analysis/rbac/grant-text.js';
import { isMissingDataTarget, type MissingDataTarget } from '../../../analysis/identity/eks-cluster-data.js';
import { describeUses, podIdentityAssociations, roleLabel, workloadRoleTargets, workloadRoles, type WorkloadRoleTarget } from '../../../analysis/identity/workload-roles.js';

/**
 * Counts the distinct service accounts (namespace and name) that receive a role through IRSA
 * annotations or Pod Identity associations; Pod Identity target roles count for the service
 * accounts whose pods end up holding them. More than `maxServiceAccounts` fails, with the
 * namespaces named, since sharing across namespaces also crosses team boundaries.
 */
export const check = defineCheck<WorkloadRoleTarget | MissingDataTarget, 'shared'>({
  id: 'workload-role-shared',
  title: 'One IAM role shared by several service accounts',
  severity: 'low',
  area: 'identity',
  needs: ['aws'],
  description:
    'A role used by several applications holds the union of their permissions, so each of them can do what any of them needs, and CloudTrail cannot tell them apart. Changing the role for one application silently changes the others.',
  remediation: 'Give each application (service account) its own IAM role with only the permissions it needs.',
  messages: {
    shared: 'Role {{role}} is used by {{count}} service accounts{{namespaces}}: {{uses}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html'],
  options: { maxServiceAccounts: 1 },
  targets: (inventory) => workloadRoleTargets(inventory, workloadRoles(inventory)),
  evaluate(target, context) {
    if (isMissingDataTarget(target)) {
      context.notEvaluated(target.missing);
      return;
    }
    const max = typeof context.options.maxServiceAccounts === 'number' ? context.options.maxServiceAccounts : 1;
    const accounts = new Set(target.role.uses.map((use) => `${use.namespace}/${use.serviceAccount}`));
    const namespaces = [...new Set(target.role.uses.map((use) => use.namespace))].sort();
    if (accounts.size <= max) {
      const data = podIdentityAssociations(context.inventory);
      if ('missing' in data) context.notEvaluated(`other users of the role through Pod Identity are unknown: ${data.missing}`);
      return;
    }
    context.fail('shared', {
      role: roleLabel(target.role.arn),
      count: accounts.size,
      namespaces: namespaces.length > 1 ? ` in ${namespaces.length} namespaces (${listText(namespaces)})` : '',
      uses: describeUses(context.inventory, target.role.uses),
    });
  },
});
