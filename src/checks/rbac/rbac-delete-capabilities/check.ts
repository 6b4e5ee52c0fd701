import type { Severity } from '../../../model/index.js';
import type { EffectivePermissions, Grant, SubjectBinding } from '../../../analysis/rbac/effective-permissions.js';
import { clusterOrKubeSystem, grantsFor, KUBE_SYSTEM, reachOf, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { ANY_NAME, type RuleQuery } from '../../../analysis/rbac/rbac-rule.js';
import { listText, reachText, resourcesOf } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

const DELETE = ['delete', 'deletecollection'];

/** Deleting one of these wipes a whole tree of objects or data. */
const SWEEPING: readonly RuleQuery[] = [
  { verbs: DELETE, apiGroup: '', resources: ['namespaces', 'persistentvolumes'], resourceName: ANY_NAME },
  { verbs: DELETE, apiGroup: 'apiextensions.k8s.io', resources: ['customresourcedefinitions'], resourceName: ANY_NAME },
];
/** Workloads and their data: deleting three kinds of them across the cluster is destruction. */
const DATA: readonly RuleQuery[] = [
  { verbs: DELETE, apiGroup: '', resources: ['secrets', 'configmaps', 'services', 'persistentvolumeclaims'] },
  { verbs: DELETE, apiGroup: 'apps', resources: ['deployments', 'statefulsets', 'daemonsets'] },
];
const DATA_RESOURCES = DATA.flatMap((query) => query.resources);
const EVENTS: readonly RuleQuery[] = [
  { verbs: DELETE, apiGroup: '', resources: ['events'], resourceName: ANY_NAME },
  { verbs: DELETE, apiGroup: 'events.k8s.io', resources: ['events'], resourceName: ANY_NAME },
];
const COREDNS: readonly RuleQuery[] = [{ verbs: ['update', 'patch'], apiGroup: '', resources: ['configmaps'], resourceName: 'coredns' }];

/**
 * Destructive reach, reported when it goes beyond a team's own namespace (deleting within a
 * namespace one owns is what `edit` is for):
 * - deleting namespaces, PersistentVolumes or CRDs, or at least three kinds of workloads and
 *   their data (Secrets, ConfigMaps, Services, PVCs, Deployments, StatefulSets, DaemonSets)
 *   cluster-wide — medium;
 * - deleting Events cluster-wide or in kube-system, erasing the trail of an attack — medium;
 * - rewriting kube-system/coredns (DNS poisoning for every pod) — high.
 */
export const check = defineSubjectCheck<'destructive'>({
  id: 'rbac-delete-capabilities',
  title: 'Subject can destroy cluster data, erase events or poison CoreDNS',
  severity: 'medium',
  area: 'rbac',
  admission: true,
  description:
    'Broad delete rights turn one leaked credential into an outage or data loss; deleting Events hides an intrusion; writing the CoreDNS ConfigMap redirects the DNS of every pod.',
  remediation:
    'Scope delete rights to the namespaces a subject owns; keep namespace, PV and CRD deletion and kube-system ConfigMap writes for cluster administrators.',
  messages: {
    destructive: '{{subject}}{{members}} can {{what}}: {{grants}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
  detect({ perms, bindings }) {
    const parts: string[] = [];
    const grants: Grant[] = [];
    let severity: Severity | undefined;
    const sweeping = destruction(perms, bindings);
    if (sweeping.grants.length > 0) {
      parts.push(`delete ${listText(sweeping.resources)} cluster-wide`);
      grants.push(...sweeping.grants);
      severity = 'medium';
    }
    const events = sortGrants(clusterOrKubeSystem(grantsFor(perms, bindings, EVENTS)));
    if (events.length > 0) {
      parts.push(`delete Events ${reachText(reachOf(events))}`);
      grants.push(...events);
      severity ??= 'medium';
    }
    const coredns = sortGrants(grantsFor(perms, bindings, COREDNS, { namespace: KUBE_SYSTEM }));
    if (coredns.length > 0) {
      parts.push('rewrite the kube-system/coredns ConfigMap (DNS of every pod)');
      grants.unshift(...coredns);
      severity = 'high';
    }
    if (!severity) return undefined;
    return { messageId: 'destructive', data: { what: parts.join('; ') }, grants, severity };
  },
});

function destruction(perms: EffectivePermissions, bindings: readonly SubjectBinding[]): { grants: Grant[]; resources: string[] } {
  const sweeping = grantsFor(perms, bindings, SWEEPING, 'cluster');
  const data = grantsFor(perms, bindings, DATA, 'cluster');
  const dataResources = resourcesOf(data, DATA_RESOURCES);
  const resources = resourcesOf(sweeping, ['namespaces', 'persistentvolumes', 'customresourcedefinitions']);
  const grants = [...sweeping];
  if (dataResources.length >= 3) {
    resources.push(...dataResources);
    grants.push(...data);
  }
  return { grants: resources.length > 0 ? sortGrants(grants) : [], resources };
}
