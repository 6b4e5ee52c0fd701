import { defineCheck } from '../../define-check.js';
import { stringListOption } from '../../targets.js';
import { globMatches } from '../../../analysis/identity/iam-match.js';
import { associatedPoliciesMissing, accessEntryTargets, clusterWideAdminPolicies, isNodeEntryType, type AccessEntryTarget } from '../../../analysis/identity/access-entries.js';
import { isMissingDataTarget, type MissingDataTarget } from '../../../analysis/identity/eks-cluster-data.js';

const WHAT: Record<string, string> = {
  AmazonEKSClusterAdminPolicy: 'cluster-admin on every resource of the cluster',
  AmazonEKSAdminPolicy: 'admin in every namespace, including RBAC of each namespace',
};

/**
 * One finding per admin association with cluster scope (an entry may hold both admin policies),
 * and one for `system:masters` in the entry's Kubernetes groups. Principals the platform team
 * accepts as administrators (a break-glass role) go in `allowedPrincipals` (ARN globs).
 */
export const check = defineCheck<AccessEntryTarget | MissingDataTarget, 'policy' | 'masters'>({
  id: 'access-entry-cluster-admin',
  title: 'Access entry grants cluster-wide admin access',
  severity: 'high',
  area: 'identity',
  needs: ['aws'],
  description:
    'An access entry associated with AmazonEKSClusterAdminPolicy or AmazonEKSAdminPolicy at cluster scope makes every holder of the IAM principal’s credentials an administrator of the whole cluster, without any RoleBinding in the cluster to show it.',
  remediation:
    'Keep cluster-scoped admin policies for a small break-glass role; give teams AmazonEKSEditPolicy or AmazonEKSAdminPolicy scoped to their namespaces (`aws eks associate-access-policy --access-scope type=namespace,namespaces=…`), or Kubernetes groups bound by RBAC.',
  messages: {
    policy: 'Access entry for {{principal}} has {{policy}} at cluster scope: {{what}}',
    masters: 'Access entry for {{principal}} puts it in Kubernetes group system:masters, which bypasses RBAC',
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html',
    'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
  ],
  options: { allowedPrincipals: [] },
  targets: (inventory) => accessEntryTargets(inventory),
  evaluate(target, context) {
    if (isMissingDataTarget(target)) {
      context.notEvaluated(target.missing);
      return;
    }
    const { record, principalArn } = target;
    if (isNodeEntryType(record.accessEntry.type)) return;
    const allowed = stringListOption(context.options, 'allowedPrincipals');
    if (allowed.some((pattern) => globMatches(pattern, principalArn, false))) return;
    const groups = record.accessEntry.kubernetesGroups ?? [];
    groups.forEach((group, index) => {
      if (group === 'system:masters') context.fail('masters', { principal: principalArn }, { path: ['accessEntry', 'kubernetesGroups', index] });
    });
    const missing = associatedPoliciesMissing(context.inventory, principalArn);
    if (missing) {
      context.notEvaluated(missing, { path: ['associatedAccessPolicies'] });
      return;
    }
    for (const { index, policy } of clusterWideAdminPolicies(record)) {
      context.fail(
        'policy',
        { principal: principalArn, policy, what: WHAT[policy] ?? 'admin' },
        {
          path: ['associatedAccessPolicies', index, 'accessScope', 'type'],
          fix: {
            kind: 'suggestion',
            description: `Scope ${policy} to the namespaces this principal administers (aws eks associate-access-policy --access-scope type=namespace,namespaces=<ns>), or disassociate it`,
            operations: [
              { op: 'replace', path: `/associatedAccessPolicies/${index}/accessScope`, value: { type: 'namespace', namespaces: ['<namespace>'] } },
            ],
          },
        },
      );
    }
  },
});
