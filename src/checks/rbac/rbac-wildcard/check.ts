import type { Grant } from '../../../analysis/rbac/effective-permissions.js';
import { reachOf, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { reachText, severityByReach } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

const FIELDS = ['verbs', 'resources', 'apiGroups'] as const;

/**
 * Reported per subject, not per role: a wildcard role nobody is bound to grants nothing, and a
 * subject bound to three wildcard roles is one thing to fix. Rules of `cluster-admin` itself
 * are left to rbac-cluster-admin-binding; a custom role with the same rule is
 * reported by both, as it is both a wildcard and admin rights. `*` in apiGroups alone (named
 * verbs and resources in every group) is low.
 */
export const check = defineSubjectCheck<'wildcard'>({
  id: 'rbac-wildcard',
  title: 'Wildcard in RBAC rules bound to a subject',
  severity: 'high',
  area: 'rbac',
  admission: true,
  description:
    'A `*` in verbs or resources grants every current and future verb or resource, including ones added later by CRDs (and their subresources such as exec, proxy, token): the grant cannot be reviewed.',
  remediation: 'Replace `*` with the verbs, resources and API groups the subject uses (kubectl auth can-i --list, audit logs).',
  messages: {
    wildcard: '{{subject}}{{members}} is granted "*" in {{fields}} {{scope}}: {{grants}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#minimize-wildcard-use'],
  detect({ bindings }) {
    const strong: Grant[] = [];
    const groupsOnly: Grant[] = [];
    const fields = new Set<string>();
    for (const binding of bindings) {
      for (const rule of binding.role.rules) {
        if (rule.holder.kind === 'ClusterRole' && rule.holder.name === 'cluster-admin') continue;
        const wild = FIELDS.filter((field) => rule.rule[field].has('*'));
        if (wild.length === 0) continue;
        for (const field of wild) fields.add(field);
        (wild.length === 1 && wild[0] === 'apiGroups' ? groupsOnly : strong).push({ binding, rule });
      }
    }
    const grants = [...sortGrants(strong), ...sortGrants(groupsOnly)];
    if (grants.length === 0) return undefined;
    const reach = reachOf(strong.length > 0 ? strong : groupsOnly);
    return {
      messageId: 'wildcard',
      data: { fields: FIELDS.filter((field) => fields.has(field)).join(', '), scope: reachText(reach) },
      grants,
      severity: strong.length > 0 ? severityByReach(reach, 'high') : 'low',
    };
  },
});
