import { stringListOption } from '../../targets.js';
import { reachOf } from '../../../analysis/rbac/capabilities.js';
import { reachText } from '../../../analysis/rbac/grant-text.js';
import { grantsOutside, readOnlyWithoutSecrets, roleNames } from '../../../analysis/rbac/role-grants.js';
import { defineSubjectCheck } from '../subject-check.js';
import { ANONYMOUS, UNAUTHENTICATED } from '../../../analysis/rbac/subjects.js';

/**
 * Any binding of `system:anonymous` or `system:unauthenticated` beyond the Kubernetes default
 * `system:public-info-viewer` (health and version endpoints) is reported: critical when it
 * grants more than reading non-secret data, high for read-only grants (e.g. the pre-1.14
 * `system:discovery` binding still present in upgraded clusters).
 */
export const check = defineSubjectCheck<'anonymous'>({
  id: 'rbac-anonymous-binding',
  title: 'Permissions granted to unauthenticated requests',
  severity: 'critical',
  area: 'rbac',
  admission: true,
  description:
    'Bindings to system:anonymous or system:unauthenticated give their permissions to anyone who can reach the API server endpoint, without any credential; on EKS a public endpoint makes that the Internet.',
  remediation: 'Delete the binding, or remove system:anonymous / system:unauthenticated from its subjects.',
  messages: {
    anonymous: '{{subject}}{{members}} is granted {{roles}} {{scope}}, usable without credentials: {{grants}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html'],
  options: { allowedRoles: ['system:public-info-viewer'] },
  appliesTo: (subject) =>
    (subject.kind === 'User' && subject.name === ANONYMOUS) || (subject.kind === 'Group' && subject.name === UNAUTHENTICATED),
  detect({ bindings, options }) {
    const grants = grantsOutside(bindings, stringListOption(options, 'allowedRoles'));
    if (grants.length === 0) return undefined;
    return {
      messageId: 'anonymous',
      data: { roles: roleNames(grants), scope: reachText(reachOf(grants)) },
      grants,
      severity: readOnlyWithoutSecrets(grants) ? 'high' : 'critical',
    };
  },
});
