/**
 * The least the responder needs in the cluster, as ClusterRole rules: reads to plan, and the
 * writes of each action and of its undo. Tests run every action and undo through the fake API
 * server and check that each (verb, resource) it sent is allowed here and nothing more is.
 */

export interface RoleRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  /** Why the responder needs it, printed as a comment. */
  why: string;
}

export const RESPONDER_ROLE_NAME = 'eksguard-responder';

export const RESPONDER_RULES: readonly RoleRule[] = [
  {
    apiGroups: [''],
    resources: ['pods'],
    verbs: ['get', 'list', 'patch'],
    why: "label, annotate and quarantine a pod (and undo); read its owner and node; list the pods quarantined already (they still count as ready in their workload's status)",
  },
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'patch'], why: 'cordon the node (spec.unschedulable) and uncordon it on undo' },
  // Every kind a pod's owner chain can reach: without one, a quarantine cannot count the ready
  // replicas it leaves and the min-healthy-replicas guardrail refuses it.
  { apiGroups: [''], resources: ['replicationcontrollers'], verbs: ['get'], why: "follow a pod's ownerReferences to its controller and read its ready replicas" },
  { apiGroups: ['apps'], resources: ['replicasets', 'deployments', 'statefulsets', 'daemonsets'], verbs: ['get'], why: "follow a pod's ownerReferences to the workload and read its ready replicas" },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get'], why: "follow a Job pod's ownerReferences (Pod → Job → CronJob)" },
  { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale', 'replicasets/scale'], verbs: ['get', 'patch'], why: 'scale-to-zero through the scale subresource, and back on undo' },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['networkpolicies'],
    verbs: ['get', 'list', 'create', 'delete'],
    why: "quarantine: the deny-all policy for one pod, deleted on undo; list the namespace's policies to warn about those that still allow its traffic",
  },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['rolebindings', 'clusterrolebindings'],
    verbs: ['get', 'delete', 'create'],
    why: 'delete-binding, and create to restore the binding on undo',
  },
];

/** Does the role allow this verb on this resource (`deployments/scale` for a subresource)? */
export function roleAllows(verb: string, apiGroup: string, resource: string): boolean {
  return RESPONDER_RULES.some((rule) => rule.apiGroups.includes(apiGroup) && rule.resources.includes(resource) && rule.verbs.includes(verb));
}
