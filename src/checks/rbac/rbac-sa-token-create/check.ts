import { grantsFor, reachOf, SA_TOKEN_CREATE, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { listText, namesOf, reachText, severityByReach } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

/**
 * TokenRequest (`create` on serviceaccounts/token) mints a token for a service account and so
 * hands over its permissions. resourceNames limit it to named service accounts, named in the
 * finding. Cluster-wide and kube-system high, other namespaces medium.
 */
export const check = defineSubjectCheck<'token'>({
  id: 'rbac-sa-token-create',
  title: 'Subject can create service account tokens',
  severity: 'high',
  area: 'rbac',
  admission: true,
  description:
    'Creating serviceaccounts/token issues a valid token for a service account: the subject can act as any service account it reaches, including controllers with broad permissions.',
  remediation: 'Remove create on serviceaccounts/token, or limit it with resourceNames to the service accounts a tool must mint tokens for.',
  messages: {
    token: '{{subject}}{{members}} can mint tokens for {{accounts}} {{scope}}: {{grants}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#token-request'],
  detect({ perms, bindings }) {
    const grants = sortGrants(grantsFor(perms, bindings, SA_TOKEN_CREATE));
    if (grants.length === 0) return undefined;
    const reach = reachOf(grants);
    const names = namesOf(grants);
    return {
      messageId: 'token',
      data: { accounts: names ? `the service accounts ${listText(names)}` : 'any service account', scope: reachText(reach) },
      grants,
      severity: severityByReach(reach, 'high'),
    };
  },
});
