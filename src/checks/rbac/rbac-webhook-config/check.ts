import { grantsFor, sortGrants, WEBHOOK_CONFIG_WRITE } from '../../../analysis/rbac/capabilities.js';
import { listText, namesOf, resourcesOf, verbsOf } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

const RESOURCES = ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'];

/**
 * Write on webhook configurations: a mutating webhook sees and rewrites every object created
 * (Secrets, pods — inject a container), deleting or editing a validating one switches policy
 * off. Rules limited to named webhooks are still reported, with their names: changing the URL
 * of one webhook is enough.
 */
export const check = defineSubjectCheck<'write'>({
  id: 'rbac-webhook-config',
  title: 'Subject can modify admission webhook configurations',
  severity: 'high',
  area: 'rbac',
  admission: true,
  description:
    'Admission webhooks see every request they match. Whoever writes their configuration can send Secrets and pod specs to a server of their choice, mutate pods to run their code, or disable policy enforcement.',
  remediation:
    'Keep write access to webhook configurations for the operators that own them (limited with resourceNames) and for cluster administrators.',
  messages: {
    write: '{{subject}}{{members}} can {{verbs}} {{resources}}{{names}}: {{grants}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks'],
  detect({ perms, bindings }) {
    const grants = sortGrants(grantsFor(perms, bindings, WEBHOOK_CONFIG_WRITE));
    if (grants.length === 0) return undefined;
    const names = namesOf(grants);
    return {
      messageId: 'write',
      data: {
        verbs: verbsOf(grants, ['create', 'update', 'patch', 'delete', 'deletecollection']).replace(/^\*$/, 'create/update/patch/delete'),
        resources: resourcesOf(grants, RESOURCES).join(' and '),
        names: names ? ` (named ${listText(names)})` : '',
      },
      grants,
    };
  },
});
