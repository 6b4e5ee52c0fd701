import type { Severity } from '../../../model/index.js';
import type { EffectivePermissions } from '../../../analysis/rbac/effective-permissions.js';
import {
  grantsFor,
  IMPERSONATE_IDENTITIES,
  IMPERSONATE_SERVICE_ACCOUNTS,
  reachOf,
  sortGrants,
  TAKEOVER_CAPABILITIES,
  takeoverCapabilities,
} from '../../../analysis/rbac/capabilities.js';
import { listText, namesOf, reachText, severityByReach } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

/** Judging an impersonable name must not recurse through impersonation itself. */
const WITHOUT_IMPERSONATION = TAKEOVER_CAPABILITIES.filter((capability) => capability.id !== 'impersonate');

/**
 * Impersonating any user or group includes `system:masters`: critical. Impersonation limited to
 * named users or groups is critical when one of them is `system:masters` or holds a takeover
 * capability, high otherwise. Impersonating service accounts is critical cluster-wide or in
 * kube-system (the controllers' accounts), high in other namespaces.
 */
export const check = defineSubjectCheck<'impersonate'>({
  id: 'rbac-impersonate',
  title: 'Subject can impersonate users, groups or service accounts',
  severity: 'critical',
  area: 'rbac',
  description:
    'The impersonate verb lets a subject send requests as another user, group or service account (Impersonate-User/Group headers) and so use all of their permissions, including system:masters.',
  remediation:
    'Remove `impersonate` from roles; if a tool needs it, limit it with resourceNames to the identities it must act as and keep those identities unprivileged.',
  messages: {
    impersonate: '{{subject}}{{members}} can impersonate {{targets}}: {{grants}}',
  },
  links: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation'],
  detect({ perms, bindings }) {
    const identities = grantsFor(perms, bindings, IMPERSONATE_IDENTITIES);
    const serviceAccounts = grantsFor(perms, bindings, IMPERSONATE_SERVICE_ACCOUNTS);
    if (identities.length === 0 && serviceAccounts.length === 0) return undefined;
    const targets: string[] = [];
    const severities: Severity[] = [];
    if (identities.length > 0) {
      const names = namesOf(identities);
      if (!names) {
        targets.push('any user or group (system:masters included)');
        severities.push('critical');
      } else {
        const privileged = names.filter((name) => privilegedIdentity(perms, name));
        targets.push(`the users/groups ${listText(names.map((name) => `"${name}"`))}${privileged.length > 0 ? ` (privileged: ${listText(privileged)})` : ''}`);
        severities.push(privileged.length > 0 ? 'critical' : 'high');
      }
    }
    if (serviceAccounts.length > 0) {
      const names = namesOf(serviceAccounts);
      const reach = reachOf(serviceAccounts);
      targets.push(`${names ? `the service accounts ${listText(names.map((name) => `"${name}"`))}` : 'any service account'} ${reachText(reach)}`);
      severities.push(severityByReach(reach, 'critical'));
    }
    return {
      messageId: 'impersonate',
      data: { targets: targets.join(' and ') },
      grants: [...sortGrants(identities), ...sortGrants(serviceAccounts)],
      severity: severities.includes('critical') ? 'critical' : 'high',
    };
  },
});

function privilegedIdentity(perms: EffectivePermissions, name: string): boolean {
  if (name === 'system:masters') return true;
  return (['User', 'Group'] as const).some((kind) => {
    const bindings = perms.bindingsOf({ kind, name }, { inherited: kind === 'User' });
    return takeoverCapabilities(perms, bindings, WITHOUT_IMPERSONATION).length > 0;
  });
}
