import { grantsFor, POD_WORKLOAD_WRITE, reachOf, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { listText, reachText, resourcesOf, severityByReach, verbsOf } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

const RESOURCES = [...new Set(POD_WORKLOAD_WRITE.flatMap((query) => query.resources))];

/**
 * Whoever creates a pod, or a controller that creates one, picks its image, service account
 * and volumes: they act as every service account of the namespace (and as the node, if pod
 * security lets them mount hostPath). update/patch count: changing a pod's image or a
 * controller's template runs new code with the same service account.
 */
export const check = defineSubjectCheck<'write'>({
  id: 'rbac-create-pods',
  title: 'Subject can create or modify pods and workload controllers',
  severity: 'high',
  area: 'rbac',
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
    return {
      messageId: 'write',
      data: {
        verbs: verbsOf(grants, ['create', 'update', 'patch']).replace(/^\*$/, 'create/update/patch'),
        resources: listText(resourcesOf(grants, RESOURCES), 4),
        scope: reachText(reach),
      },
      grants,
      severity: severityByReach(reach, 'high'),
    };
  },
});
