import { stringListOption } from '../../targets.js';
import { reachOf } from '../../../analysis/rbac/capabilities.js';
import { reachText } from '../../../analysis/rbac/grant-text.js';
import { grantsOutside, readOnlyWithoutSecrets, roleNames } from '../../../analysis/rbac/role-grants.js';
import { defineSubjectCheck } from '../subject-check.js';
import { ALL_SERVICE_ACCOUNTS, AUTHENTICATED } from '../../../analysis/rbac/subjects.js';

/**
 * `system:authenticated` holds every IAM principal mapped into the cluster and every service
 * account token; `system:serviceaccounts` every pod of the cluster. Both are reported when bound
 * to anything but the Kubernetes defaults (system:basic-user, system:discovery,
 * system:public-info-viewer, system:service-account-issuer-discovery; EKS's own `eks:`
 * bindings are ignored by prefix): critical when the grant writes or reads Secrets, high when
 * it only reads other data.
 */
export const check = defineSubjectCheck<'elevated'>({
  id: 'rbac-authenticated-elevated',
  title: 'All authenticated identities granted non-default permissions',
  severity: 'critical',
  area: 'rbac',
  admission: true,
  description:
    'A role bound to system:authenticated (or system:serviceaccounts) is held by every identity that can authenticate, including every pod: compromising any workload or any mapped IAM principal yields it.',
  remediation: 'Bind the role to the groups or service accounts that need it instead of system:authenticated or system:serviceaccounts.',
  messages: {
    elevated: '{{subject}}{{members}} is granted {{roles}} {{scope}}: {{grants}}',
  },
  links: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#default-roles-and-role-bindings'],
  options: {
    allowedRoles: ['system:basic-user', 'system:discovery', 'system:public-info-viewer', 'system:service-account-issuer-discovery'],
  },
  appliesTo: (subject) => subject.kind === 'Group' && (subject.name === AUTHENTICATED || subject.name === ALL_SERVICE_ACCOUNTS),
  detect({ bindings, options }) {
    const grants = grantsOutside(bindings, stringListOption(options, 'allowedRoles'));
    if (grants.length === 0) return undefined;
    return {
      messageId: 'elevated',
      data: { roles: roleNames(grants), scope: reachText(reachOf(grants)) },
      grants,
      severity: readOnlyWithoutSecrets(grants) ? 'high' : 'critical',
    };
  },
});
