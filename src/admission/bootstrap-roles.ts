/**
 * The ClusterRoles the API server creates at start from its bootstrap policy (cluster-admin,
 * admin, edit, view, the system:* roles), as the objects `kubectl get clusterrole -o yaml` shows,
 * so that a RoleBinding or ClusterRoleBinding under review is judged on what its role really
 * grants. Their rules come from `src/analysis/rbac/builtin-roles.ts`, the one copy of the
 * bootstrap policy that scans also use; the aggregated roles (admin, edit, view) carry the rules
 * the aggregation controller fills in, as in a live cluster.
 *
 * A binding to any other role cannot be judged at admission: a custom Role or ClusterRole lives
 * in the cluster, not in the request, so its rules are unknown. The RBAC checks report such a
 * binding "not evaluated" (never a failure) and it is admitted without a verdict from them; a
 * scan of the cluster judges it. (A ClusterRole that admin, edit or view aggregate is judged by
 * what it adds to them: see aggregation-review.ts.) A lone Role or ClusterRole grants nothing until bound, so
 * reviewing one gives no subject-based verdict either.
 */
import type { K8sObject } from '../model/index.js';
import { selectorMatches } from '../inventory/index.js';
import { BUILT_IN_CLUSTER_ROLES, type BuiltInClusterRole } from '../analysis/rbac/builtin-roles.js';
import type { PolicyRule } from '../analysis/rbac/rbac-rule.js';

const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';
const BINDING_KINDS = new Set(['RoleBinding', 'ClusterRoleBinding']);

/** The default ClusterRoles, built once: every binding review shares them (read-only). */
export const BOOTSTRAP_CLUSTER_ROLES: readonly K8sObject[] = BUILT_IN_CLUSTER_ROLES.map(clusterRoleObject);

/**
 * The objects a review of `object` is judged beside: the default ClusterRoles for an RBAC
 * binding (whichever role it names, so an unresolved one is reported as such, not as RBAC not
 * collected), nothing for anything else.
 */
export function bootstrapRolesBeside(object: K8sObject): readonly K8sObject[] {
  const group = typeof object.apiVersion === 'string' ? object.apiVersion.split('/')[0] : '';
  return group === 'rbac.authorization.k8s.io' && BINDING_KINDS.has(object.kind ?? '') ? BOOTSTRAP_CLUSTER_ROLES : [];
}

function clusterRoleObject(role: BuiltInClusterRole): K8sObject {
  const object: K8sObject = {
    apiVersion: RBAC_API_VERSION,
    kind: 'ClusterRole',
    metadata: {
      name: role.name,
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...role.labels },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    },
    rules: role.aggregationRule ? aggregatedRules(role) : role.rules,
  };
  if (role.aggregationRule) object.aggregationRule = role.aggregationRule;
  return object;
}

/** The rules of every default role an aggregated one selects, transitively (view → edit → admin). */
function aggregatedRules(role: BuiltInClusterRole): PolicyRule[] {
  const rules: PolicyRule[] = [...role.rules];
  const visited = new Set([role.name]);
  const queue = [role];
  while (queue.length > 0) {
    const selectors = (queue.shift() as BuiltInClusterRole).aggregationRule?.clusterRoleSelectors ?? [];
    for (const other of BUILT_IN_CLUSTER_ROLES) {
      if (visited.has(other.name) || !selectors.some((selector) => selectorMatches(selector, other.labels ?? {}))) continue;
      visited.add(other.name);
      rules.push(...other.rules);
      queue.push(other);
    }
  }
  return rules;
}
