import { bindEscalate, bindsPrivileged, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { listText, namesOf, reachText, severityByReach } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

/**
 * `bind` and `escalate` lift RBAC's own escalation guard. They are reported with the write they
 * unlock (create/update/patch on bindings for `bind`, on roles for `escalate`), since alone they
 * do nothing. `bind` limited by resourceNames to roles that hand out no takeover capability is
 * delegation done right and is not reported; a named role that cannot be resolved is assumed
 * privileged. `escalate` on any role is reported: it lets the subject add any rule to it.
 */
export const check = defineSubjectCheck<'escalation'>({
  id: 'rbac-bind-escalate',
  title: 'Subject can bind or escalate roles',
  severity: 'critical',
  area: 'rbac',
  admission: true,
  description:
    'With `bind` a subject can create bindings to roles whose permissions it does not hold; with `escalate` it can add permissions it does not hold to a role. Either one reaches cluster-admin.',
  remediation:
    'Remove `bind`/`escalate` (and `*` verbs) on roles and clusterroles; when delegation is needed, limit `bind` with resourceNames to the roles that may be handed out.',
  messages: {
    escalation: '{{subject}}{{members}} can {{what}} {{scope}}: {{grants}}',
  },
  links: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping'],
  detect({ perms, bindings }) {
    const found = bindEscalate(perms, bindings);
    const bind = found.bind.filter((grant) => bindsPrivileged(perms, grant));
    const escalate = found.escalate;
    if (bind.length === 0 && escalate.length === 0) return undefined;
    const what: string[] = [];
    if (bind.length > 0) {
      const names = namesOf(bind);
      what.push(`bind ${names ? `the roles ${listText(names.map((name) => `"${name}"`))}` : 'any role'} without holding their permissions`);
    }
    if (escalate.length > 0) {
      const names = namesOf(escalate);
      what.push(`add permissions it does not hold to ${names ? `the roles ${listText(names.map((name) => `"${name}"`))}` : 'any role'}`);
    }
    const powers = sortGrants([...bind, ...escalate]);
    const reach = found.reach;
    const grants = [...powers, ...sortGrants(found.writes.filter((grant) => !powers.includes(grant)))];
    return {
      messageId: 'escalation',
      data: { what: what.join(' and '), scope: reachText(reach) },
      grants,
      severity: severityByReach(reach, 'critical'),
    };
  },
});
