import { grantsFor, reachOf, SECRETS_READ, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { severityByReach, verbsOf, listText } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

/**
 * get, list and watch all return Secret values. Rules limited to named Secrets
 * (`resourceNames`) are the least-privilege pattern and are not reported. Cluster-wide (and
 * kube-system) reads are high; reads confined to other namespaces are medium.
 */
export const check = defineSubjectCheck<'cluster' | 'namespaced'>({
  id: 'rbac-secrets-read',
  title: 'Subject can read Secrets',
  severity: 'high',
  area: 'rbac',
  admission: true,
  description:
    'Reading Secrets yields every credential stored there: service account tokens, registry and database passwords, TLS keys. Across the cluster (or in kube-system) this is a path to cluster-admin.',
  remediation:
    'Drop get/list/watch on secrets, or limit the rule to the Secrets the subject needs with resourceNames; mount Secrets into pods instead of reading them through the API.',
  messages: {
    cluster: '{{subject}}{{members}} can read Secrets in every namespace ({{verbs}}): {{grants}}',
    namespaced: '{{subject}}{{members}} can read Secrets in {{namespaces}} ({{verbs}}): {{grants}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets'],
  detect({ perms, bindings }) {
    const grants = sortGrants(grantsFor(perms, bindings, SECRETS_READ));
    if (grants.length === 0) return undefined;
    const reach = reachOf(grants);
    const verbs = verbsOf(grants, ['get', 'list', 'watch']);
    return {
      messageId: reach.cluster ? 'cluster' : 'namespaced',
      data: { verbs, namespaces: `namespace${reach.namespaces.length > 1 ? 's' : ''} ${listText(reach.namespaces)}` },
      grants,
      severity: severityByReach(reach, 'high'),
    };
  },
});
