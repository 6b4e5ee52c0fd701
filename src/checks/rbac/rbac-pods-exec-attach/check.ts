import { EXEC_ATTACH, grantsFor, reachOf, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { lowerSeverity, reachText, resourcesOf, severityByReach } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

/**
 * `create` on pods/exec or pods/attach runs commands in containers, with their service account
 * token and mounts. Until Kubernetes 1.31 a WebSocket client needed only `get`, so a get-only
 * grant is still reported, one step lower. Severity follows the reach: cluster-wide and
 * kube-system high, other namespaces medium.
 */
export const check = defineSubjectCheck<'exec' | 'getOnly'>({
  id: 'rbac-pods-exec-attach',
  title: 'Subject can exec into or attach to pods',
  severity: 'high',
  area: 'rbac',
  admission: true,
  description:
    'Exec and attach run commands inside running containers: the subject gets their service account tokens, Secrets mounted as files and network position, bypassing admission of new pods.',
  remediation:
    'Keep pods/exec and pods/attach for break-glass roles, per namespace; use ephemeral debug containers under Pod Security admission or audited access tooling instead.',
  messages: {
    exec: '{{subject}}{{members}} can exec into or attach to pods {{scope}} (create on {{resources}}): {{grants}}',
    getOnly:
      '{{subject}}{{members}} has get on {{resources}} {{scope}}, which allows exec over WebSocket on Kubernetes before 1.31: {{grants}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalation-paths'],
  detect({ perms, bindings }) {
    const grants = sortGrants(grantsFor(perms, bindings, EXEC_ATTACH));
    if (grants.length === 0) return undefined;
    const creating = grants.filter((grant) => grant.rule.rule.allowsVerb('create'));
    const decisive = creating.length > 0 ? creating : grants;
    const reach = reachOf(decisive);
    const severity = severityByReach(reach, 'high');
    return {
      messageId: creating.length > 0 ? 'exec' : 'getOnly',
      data: { scope: reachText(reach), resources: resourcesOf(decisive, ['pods/exec', 'pods/attach']).join(', ') },
      grants: creating.length > 0 ? [...creating, ...grants.filter((grant) => !creating.includes(grant))] : grants,
      severity: creating.length > 0 ? severity : lowerSeverity(severity),
    };
  },
});
