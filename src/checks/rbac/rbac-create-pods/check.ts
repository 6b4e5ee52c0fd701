import { grantsFor, POD_WORKLOAD_WRITE, reachOf, sortGrants } from '../../../analysis/rbac/capabilities.js';
import type { Grant } from '../../../analysis/rbac/effective-permissions.js';
import { listText, reachText, severityByReach } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

const RESOURCES = [...new Set(POD_WORKLOAD_WRITE.flatMap((query) => query.resources))];
const VERBS = ['create', 'update', 'patch'];

/**
 * The verbs and resources the grants give among the requests POD_WORKLOAD_WRITE asks about: a
 * rule on `jobs, cronjobs` with `patch` patches cronjobs only (a Job's template is immutable).
 */
function exercised(grants: readonly Grant[]): { verbs: string; resources: string[] } {
  const verbs = new Set<string>();
  const resources = new Set<string>();
  for (const grant of grants) {
    const rule = grant.rule.rule;
    for (const query of POD_WORKLOAD_WRITE) {
      if (!rule.matches(query)) continue;
      query.verbs.filter((verb) => rule.allowsVerb(verb)).forEach((verb) => verbs.add(rule.verbs.has('*') ? '*' : verb));
      query.resources.filter((resource) => rule.allowsResource(resource)).forEach((resource) => resources.add(resource));
    }
  }
  return {
    verbs: verbs.has('*') ? 'create/update/patch' : VERBS.filter((verb) => verbs.has(verb)).join(', '),
    resources: RESOURCES.filter((resource) => resources.has(resource)),
  };
}

/**
 * Whoever creates a pod, or a controller that creates one, picks its image, service account
 * and volumes: they act as every service account of the namespace (and as the node, if pod
 * security lets them mount hostPath). update/patch count: changing a pod's image runs new code
 * with its service account, changing a controller's template runs any (not for Jobs, whose
 * template is immutable).
 */
export const check = defineSubjectCheck<'write'>({
  id: 'rbac-create-pods',
  title: 'Subject can create or modify pods and workload controllers',
  severity: 'high',
  area: 'rbac',
  admission: true,
  description:
    'Creating pods (directly or through Deployments, DaemonSets, StatefulSets, ReplicaSets, Jobs, CronJobs, ReplicationControllers) lets a subject run any image as any service account of the namespace and mount its Secrets; cluster-wide or in kube-system, that includes the most privileged service accounts.',
  remediation:
    'Give workload write access only to CI/CD identities and operators that need it, per namespace; enforce Pod Security admission (restricted) where they deploy.',
  messages: {
    write: '{{subject}}{{members}} can {{verbs}} {{resources}} {{scope}}: {{grants}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation'],
  detect({ perms, bindings }) {
    const grants = sortGrants(grantsFor(perms, bindings, POD_WORKLOAD_WRITE));
    if (grants.length === 0) return undefined;
    const reach = reachOf(grants);
    const { verbs, resources } = exercised(grants);
    return {
      messageId: 'write',
      data: {
        verbs,
        resources: listText(resources, 4),
        scope: reachText(reach),
      },
      grants,
      severity: severityByReach(reach, 'high'),
    };
  },
});
