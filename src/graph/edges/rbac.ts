/**
 * RBAC in the graph, from the effective permissions the RBAC checks use (one evaluator):
 * subjects `bound-to` bindings, bindings `grants` roles, roles and `system:masters` `is-admin`,
 * the groups every service account and user is implicitly in (`member-of`), and the dangerous
 * permissions each subject holds through its own bindings (rbac-capabilities.ts). Grants a
 * subject inherits from a group are reached through `member-of` and the group's own edges.
 */
import type { GraphNodeRef, K8sObject, ResourceRef } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import {
  EffectivePermissions,
  type BindingEntry,
  type BindingKind,
  type ResolvedRole,
  type SourcedRule,
} from '../../analysis/rbac/effective-permissions.js';
import { bindingLabel } from '../../analysis/rbac/grant-text.js';
import {
  ALL_SERVICE_ACCOUNTS,
  ANONYMOUS,
  AUTHENTICATED,
  impliedGroups,
  normaliseSubject,
  subjectLabel,
  subjectResource,
  UNAUTHENTICATED,
  type SubjectRef,
} from '../../analysis/rbac/subjects.js';
import { kubernetesIdentityMappings } from '../../analysis/identity/kubernetes-identities.js';
import { bindingNode, CLUSTER_ADMIN_ID, clusterAdminNode, groupNode, nodeId } from '../nodes.js';
import type { SecurityGraph } from '../security-graph.js';
import { addRbacCapabilityEdges } from './rbac-capabilities.js';
import { addRoleNode, addSubjectNode, bindingRef, holderRef } from './rbac-common.js';

const SYSTEM_MASTERS = 'system:masters';
const BINDING_KINDS: readonly BindingKind[] = ['ClusterRoleBinding', 'RoleBinding'];

export function addRbacEdges(graph: SecurityGraph, inventory: InventoryView): void {
  const perms = EffectivePermissions.of(inventory);
  graph.addNode(clusterAdminNode());
  addRoles(graph, inventory, perms);
  for (const kind of BINDING_KINDS) for (const object of inventory.ofKind(kind)) addBinding(graph, perms, kind, object);
  const boundGroups = new Set<string>();
  for (const subject of perms.subjects()) {
    addSubjectNode(graph, perms, subject);
    addBoundTo(graph, perms, subject);
    if (subject.kind === 'Group' && isBound(perms, subject)) boundGroups.add(subject.name);
  }
  const memberships = (subject: SubjectRef): void => addImpliedMemberships(graph, perms, subject, boundGroups);
  for (const subject of perms.subjects()) memberships(subject);
  // Anonymous requests are user system:anonymous in group system:unauthenticated. The user is
  // where the anonymous path query starts: it exists whenever either of the two is bound.
  if (boundGroups.has(UNAUTHENTICATED)) memberships({ kind: 'User', name: ANONYMOUS });
  // Users that AWS principals sign in as (the aws-identity edges map them) are in
  // system:authenticated even if no binding names them.
  for (const mapping of kubernetesIdentityMappings(inventory)) memberships({ kind: 'User', name: mapping.username });
  addSystemMasters(graph, inventory);
  addRbacCapabilityEdges(graph, inventory, perms);
}

function isBound(perms: EffectivePermissions, subject: SubjectRef): boolean {
  return perms.bindingsOf(subject).length > 0 || perms.unresolvedOf(subject).length > 0;
}

/** Every role of the inventory; `is-admin` from ClusterRoles that hold every verb on everything. */
function addRoles(graph: SecurityGraph, inventory: InventoryView, perms: EffectivePermissions): void {
  for (const object of inventory.ofKind('Role')) {
    const name = object.metadata?.name;
    const role = name ? perms.role(object.metadata?.namespace ?? 'default', name) : undefined;
    if (role) addRoleNode(graph, role, undefined);
  }
  for (const object of inventory.ofKind('ClusterRole')) {
    const name = object.metadata?.name;
    const role = name ? perms.clusterRole(name) : undefined;
    if (role) addClusterWideRole(graph, role);
  }
}

/**
 * The cluster-wide node of a ClusterRole, with `is-admin` when one of its rules (its own or
 * aggregated) grants every verb on every resource in every API group: the notion of
 * rbac-cluster-admin-binding. Other takeover powers are capability edges of the subjects that
 * hold them. Only ClusterRoleBindings lead to this node, so the edge is cluster-wide by
 * construction.
 */
function addClusterWideRole(graph: SecurityGraph, role: ResolvedRole): void {
  const node = addRoleNode(graph, role, undefined);
  const rule = role.rules.find((sourced) => sourced.rule.isFullWildcard);
  if (!rule) return;
  graph.addEdge({
    from: node.id,
    to: CLUSTER_ADMIN_ID,
    kind: 'is-admin',
    evidence: [adminRuleEvidence(role, rule)],
    // rbac-cluster-admin-binding reports on the subjects, named by the bound-to edges.
    enabledBy: [],
  });
}

function adminRuleEvidence(role: ResolvedRole, rule: SourcedRule): { resource: GraphNodeRef; path?: string; detail: string } {
  const label = `ClusterRole "${role.name}"`;
  const aggregated = rule.holder.name !== role.name ? ` (aggregated from ClusterRole "${rule.holder.name}")` : '';
  const detail = `${label} grants every verb on every resource in every API group${aggregated}; bound by a ClusterRoleBinding it holds cluster-wide`;
  return rule.holder.object
    ? { resource: holderRef(rule.holder), path: `rules[${rule.index}]`, detail }
    : { resource: { kind: 'ClusterRole', name: role.name }, detail: `${detail} (Kubernetes default role)` };
}

/** A binding and the role it grants; a role that cannot be resolved gets no edge. */
function addBinding(graph: SecurityGraph, perms: EffectivePermissions, kind: BindingKind, object: K8sObject): void {
  const name = object.metadata?.name;
  if (!name) return;
  const namespace = kind === 'RoleBinding' ? (object.metadata?.namespace ?? 'default') : undefined;
  const node = graph.addNode(bindingNode(kind, namespace, name, object));
  const roleRef = (object.roleRef !== null && typeof object.roleRef === 'object' ? object.roleRef : {}) as { kind?: unknown; name?: unknown };
  if (typeof roleRef.name !== 'string') return;
  let role: ResolvedRole | undefined;
  if (roleRef.kind === 'ClusterRole') role = perms.clusterRole(roleRef.name);
  else if (roleRef.kind === 'Role' && namespace !== undefined) role = perms.role(namespace, roleRef.name);
  if (!role) return;
  // Kubernetes default roles absent from the inventory appear once something binds them.
  const target = namespace === undefined && role.kind === 'ClusterRole' ? addClusterRoleOnce(graph, role) : addRoleNode(graph, role, namespace).id;
  const entry = { kind, name, ...(namespace !== undefined ? { namespace } : {}) };
  graph.addEdge({
    from: node.id,
    to: target,
    kind: 'grants',
    evidence: [
      {
        resource: bindingRef(entry),
        path: 'roleRef',
        detail: `${bindingLabel(entry)} grants ${role.kind} "${role.name}" ${namespace === undefined ? 'cluster-wide' : `in namespace ${namespace}`}`,
      },
    ],
    enabledBy: hasWildcard(role) ? bindingSubjects(object, namespace).map(subjectResource) : [],
  });
}

function addClusterRoleOnce(graph: SecurityGraph, role: ResolvedRole): string {
  addClusterWideRole(graph, role);
  return addRoleNode(graph, role, undefined).id;
}

/** rbac-wildcard's notion: `*` in verbs, resources or API groups, cluster-admin's own rules aside. */
function hasWildcard(role: ResolvedRole): boolean {
  return role.rules.some(
    ({ rule, holder }) =>
      !(holder.kind === 'ClusterRole' && holder.name === 'cluster-admin') &&
      (rule.verbs.has('*') || rule.resources.has('*') || rule.apiGroups.has('*')),
  );
}

function bindingSubjects(object: K8sObject, namespace: string | undefined): SubjectRef[] {
  const raw = Array.isArray(object.subjects) ? (object.subjects as unknown[]) : [];
  return raw.flatMap((item) => {
    const subject = item !== null && typeof item === 'object' ? normaliseSubject(item, namespace) : undefined;
    return subject ? [subject] : [];
  });
}

function addBoundTo(graph: SecurityGraph, perms: EffectivePermissions, subject: SubjectRef): void {
  const from = addSubjectNode(graph, perms, subject).id;
  const entries: Array<{ entry: BindingEntry; role: ResolvedRole | undefined }> = [
    ...perms.bindingsOf(subject).map((binding) => ({ entry: binding, role: binding.role })),
    ...perms.unresolvedOf(subject).map((binding) => ({ entry: binding, role: undefined })),
  ];
  for (const { entry, role } of entries) {
    if (!entry.name) continue;
    const binding = graph.node(nodeId(entry.kind, entry.namespace, entry.name)) ?? graph.addNode(bindingNode(entry.kind, entry.namespace, entry.name, entry.object));
    const unresolved = role ? '' : ' (its role cannot be resolved)';
    graph.addEdge({
      from,
      to: binding.id,
      kind: 'bound-to',
      evidence: [
        {
          resource: bindingRef(entry),
          path: `subjects[${entry.subjectIndex}]`,
          detail: `${bindingLabel(entry)} names ${subjectLabel(subject)}${unresolved}`,
        },
      ],
      enabledBy: boundToFindings(subject, role),
    });
  }
}

const BROAD_GROUPS = new Set([AUTHENTICATED, ALL_SERVICE_ACCOUNTS, UNAUTHENTICATED]);

/**
 * The subject, when this binding is what rbac-cluster-admin-binding (a full-wildcard role),
 * rbac-anonymous-binding or rbac-authenticated-elevated (anything bound to the anonymous user or
 * the all-identities groups) reports it for.
 */
function boundToFindings(subject: SubjectRef, role: ResolvedRole | undefined): ResourceRef[] {
  const broad = (subject.kind === 'Group' && BROAD_GROUPS.has(subject.name)) || (subject.kind === 'User' && subject.name === ANONYMOUS);
  const admin = role?.rules.some((sourced) => sourced.rule.isFullWildcard) ?? false;
  return broad || admin ? [subjectResource(subject)] : [];
}

/**
 * `member-of` from a service account or user to the groups the API server adds to its requests
 * (system:serviceaccounts, system:serviceaccounts:<ns>, system:authenticated; system:unauthenticated
 * for system:anonymous), for the groups that some binding names: other groups grant nothing.
 */
function addImpliedMemberships(
  graph: SecurityGraph,
  perms: EffectivePermissions,
  subject: SubjectRef,
  boundGroups: ReadonlySet<string>,
): void {
  const groups = impliedGroups(subject).filter((group) => boundGroups.has(group));
  if (groups.length === 0) return;
  const from = addSubjectNode(graph, perms, subject);
  for (const group of groups) {
    const to = graph.addNode(groupNode(group));
    graph.addEdge({
      from: from.id,
      to: to.id,
      kind: 'member-of',
      evidence: [{ resource: { kind: from.kind, ...(from.namespace ? { namespace: from.namespace } : {}), name: from.name }, detail: membershipText(subject, group) }],
      enabledBy: [],
    });
  }
}

function membershipText(subject: SubjectRef, group: string): string {
  if (subject.kind === 'ServiceAccount') return `every request with the token of ${subjectLabel(subject)} carries group ${group}`;
  if (group === UNAUTHENTICATED) return `requests without credentials are user ${ANONYMOUS} in group ${UNAUTHENTICATED}`;
  return `every authenticated user, ${subject.name} included, is in group ${group}`;
}

/** system:masters bypasses RBAC: whoever is in it (aws-auth, a client certificate) is admin. */
function addSystemMasters(graph: SecurityGraph, inventory: InventoryView): void {
  const masters = graph.addNode(groupNode(SYSTEM_MASTERS));
  const mappedBy = kubernetesIdentityMappings(inventory).filter(
    (mapping) => mapping.source === 'aws-auth' && mapping.groups.includes(SYSTEM_MASTERS),
  );
  graph.addEdge({
    from: masters.id,
    to: CLUSTER_ADMIN_ID,
    kind: 'is-admin',
    evidence: [
      {
        resource: { kind: 'Group', name: SYSTEM_MASTERS },
        detail: 'system:masters is the API server’s superuser group: its members are allowed everything before RBAC is consulted',
      },
    ],
    // aws-auth-system-masters reports on the aws-auth ConfigMap that puts principals in the group.
    enabledBy: mappedBy.slice(0, 1).map((mapping) => mapping.resource),
  });
}
