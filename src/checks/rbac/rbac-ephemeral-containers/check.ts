import { EPHEMERAL_CONTAINERS, grantsFor, reachOf, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { reachText, severityByReach, verbsOf } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

/**
 * update/patch on pods/ephemeralcontainers adds a container to a running pod: it runs with the
 * pod's service account and volumes, and with any securityContext Pod Security admission lets
 * through. Cluster-wide and kube-system high, other namespaces medium.
 */
export const check = defineSubjectCheck<'inject'>({
  id: 'rbac-ephemeral-containers',
  title: 'Subject can inject ephemeral containers into pods',
  severity: 'high',
  area: 'rbac',
  admission: true,
  description:
    'Ephemeral containers are added to running pods: the subject runs an image of its choice next to the workload, with its service account token, volumes and network identity.',
  remediation:
    'Keep pods/ephemeralcontainers for break-glass debugging roles, per namespace, and enforce Pod Security admission there.',
  messages: {
    inject: '{{subject}}{{members}} can add ephemeral containers to pods {{scope}} ({{verbs}} on pods/ephemeralcontainers): {{grants}}',
  },
  links: ['https://kubernetes.io/docs/concepts/workloads/pods/ephemeral-containers/'],
  detect({ perms, bindings }) {
    const grants = sortGrants(grantsFor(perms, bindings, EPHEMERAL_CONTAINERS));
    if (grants.length === 0) return undefined;
    const reach = reachOf(grants);
    return {
      messageId: 'inject',
      data: { scope: reachText(reach), verbs: verbsOf(grants, ['update', 'patch']) },
      grants,
      severity: severityByReach(reach, 'high'),
    };
  },
});
