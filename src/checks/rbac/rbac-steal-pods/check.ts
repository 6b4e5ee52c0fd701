import type { InventoryView } from '../../../inventory/index.js';
import { grantsFor, KUBE_SYSTEM, reachOf, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { ANY_NAME, type RuleQuery } from '../../../analysis/rbac/rbac-rule.js';
import { listText } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

const NODE_WRITE: readonly RuleQuery[] = [{ verbs: ['patch', 'update'], apiGroup: '', resources: ['nodes'], resourceName: ANY_NAME }];
const POD_REMOVAL: readonly RuleQuery[] = [
  { verbs: ['delete', 'deletecollection'], apiGroup: '', resources: ['pods'], resourceName: ANY_NAME },
  { verbs: ['create'], apiGroup: '', resources: ['pods/eviction'], resourceName: ANY_NAME },
];

/**
 * Tainting or cordoning nodes (patch/update on nodes) and deleting or evicting pods lets a
 * subject that controls one node make privileged pods reschedule onto it. Reported when the
 * pod removal reaches kube-system, the whole cluster, or a namespace running privileged pods
 * (privileged containers, host namespaces or hostPath volumes).
 */
export const check = defineSubjectCheck<'steal'>({
  id: 'rbac-steal-pods',
  title: 'Subject can steer privileged pods onto a node it controls',
  severity: 'high',
  area: 'rbac',
  description:
    'With taint/cordon rights on nodes and delete or evict rights on pods, a subject that has compromised one node can push privileged pods (and their service account tokens) onto that node.',
  remediation:
    'Separate node management (taints, cordon) from pod deletion; keep both for the cluster autoscaler or node lifecycle tooling, and waive those explicitly.',
  messages: {
    steal: '{{subject}}{{members}} can taint or cordon nodes and delete or evict pods {{scope}} (privileged pods run in {{namespaces}}): {{grants}}',
  },
  links: ['https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/'],
  detect({ perms, bindings, inventory }) {
    const nodeWrite = grantsFor(perms, bindings, NODE_WRITE);
    if (nodeWrite.length === 0) return undefined;
    const privileged = privilegedNamespaces(inventory);
    const removal = grantsFor(perms, bindings, POD_REMOVAL).filter(
      (grant) => grant.binding.scope === undefined || privileged.has(grant.binding.scope),
    );
    if (removal.length === 0) return undefined;
    const reach = reachOf(removal);
    const namespaces = reach.cluster ? [...privileged].sort() : reach.namespaces;
    return {
      messageId: 'steal',
      data: { scope: reach.cluster ? 'cluster-wide' : `in ${listText(reach.namespaces)}`, namespaces: listText(namespaces) },
      grants: [...sortGrants(removal), ...sortGrants(nodeWrite)],
    };
  },
});

/** kube-system, and namespaces whose workloads run privileged or share the host. */
function privilegedNamespaces(inventory: InventoryView): ReadonlySet<string> {
  return inventory.cached('rbac:privileged-namespaces', () => {
    const namespaces = new Set<string>([KUBE_SYSTEM]);
    for (const workload of inventory.workloads()) {
      const spec = workload.podSpec;
      const privileged =
        spec.hostPID === true ||
        spec.hostIPC === true ||
        spec.hostNetwork === true ||
        (spec.volumes ?? []).some((volume) => volume.hostPath !== undefined) ||
        workload.containers.some(({ container }) => container.securityContext?.privileged === true);
      if (privileged) namespaces.add(workload.namespace);
    }
    return namespaces;
  });
}
