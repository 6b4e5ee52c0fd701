import type { Grant } from '../../../analysis/rbac/effective-permissions.js';
import { reachOf, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { reachText, severityByReach } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

/**
 * Reported per subject holding every verb on every resource: bound to `cluster-admin`, or to a
 * role with the same `*`/`*`/`*` rule under another name. Through a RoleBinding that power stays
 * in one namespace (one severity step lower, except kube-system, whose service accounts run the
 * cluster).
 */
export const check = defineSubjectCheck<'admin'>({
  id: 'rbac-cluster-admin-binding',
  title: 'Subject bound to cluster-admin',
  severity: 'high',
  area: 'rbac',
  admission: true,
  description:
    'cluster-admin (or any role granting every verb on every resource) is full control: Secrets, workloads, RBAC itself. Everyone holding it is one credential leak away from a cluster takeover.',
  remediation:
    'Bind a role scoped to what the subject does (per namespace, named verbs and resources); keep cluster-admin for break-glass identities outside day-to-day use.',
  messages: {
    admin: '{{subject}}{{members}} holds cluster-admin rights {{scope}}: {{grants}}',
  },
  links: [
    'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
    'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
  ],
  detect({ bindings }) {
    const grants: Grant[] = [];
    for (const binding of bindings) {
      const rule = binding.role.rules.find((sourced) => sourced.rule.isFullWildcard);
      if (rule) grants.push({ binding, rule });
    }
    if (grants.length === 0) return undefined;
    const reach = reachOf(grants);
    return {
      messageId: 'admin',
      data: { scope: reachText(reach) },
      grants: sortGrants(grants),
      severity: severityByReach(reach, 'high'),
    };
  },
});
