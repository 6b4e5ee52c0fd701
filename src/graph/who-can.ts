/**
 * "Who can do this?": every subject whose effective RBAC permissions allow one request, with
 * the grants that allow it (EffectivePermissions.whyCan, the evaluator the RBAC checks use), the
 * AWS principals that sign in as each user or group, the superuser group system:masters, the
 * IAM principals whose EKS access policies allow it outside RBAC, and those whose policies are
 * not modelled (listed as not evaluated).
 */
import type { GraphNodeRef } from '../model/index.js';
import type { InventoryView } from '../inventory/index.js';
import {
  EffectivePermissions,
  type AccessOptions,
  type Grant,
  type RoleKind,
  type SubjectBinding,
  type UnresolvedBinding,
} from '../analysis/rbac/effective-permissions.js';
import { canonicalResource } from '../analysis/rbac/resource-names.js';
import { bindingLabel, describeGrant } from '../analysis/rbac/grant-text.js';
import { isClusterScoped } from '../analysis/rbac/rbac-rule.js';
import { groupMembersHint, subjectKey, subjectLabel, type SubjectRef } from '../analysis/rbac/subjects.js';
import { accessPolicyName, isNodeEntryType } from '../analysis/identity/access-entries.js';
import { accessPolicyRole } from '../analysis/rbac/access-policy-roles.js';
import { kubernetesIdentityMappings, mappingsOf, type KubernetesIdentityMapping } from '../analysis/identity/kubernetes-identities.js';

export interface WhoCanOptions {
  /** Namespace of the request; absent for cluster-scoped resources and all-namespace requests. */
  namespace?: string;
  apiGroup?: string;
  subresource?: string;
  resourceName?: string;
  /**
   * Also list subjects allowed only through a group they are implicitly in (every service
   * account through system:serviceaccounts, every user through system:authenticated). Off by
   * default: the group itself is listed, with who its members are.
   */
  includeInherited?: boolean;
}

export interface WhoCanRequest extends Omit<WhoCanOptions, 'includeInherited'> {
  verb: string;
  resource: string;
}

/** One rule that allows the request, and where it comes from. */
export interface WhoCanGrant {
  binding: GraphNodeRef & { subjectIndex: number };
  role: { kind: RoleKind; namespace?: string; name: string; builtIn: boolean; approximate: boolean };
  /** The role whose `rules` hold the rule: the bound role, or one aggregated into it. */
  rule: { kind: RoleKind; namespace?: string; name: string; index: number };
  /** `cluster` for a ClusterRoleBinding, else the RoleBinding's namespace. */
  scope: string;
  /** The group the subject holds this grant through, when it is not its own binding. */
  via?: SubjectRef;
  /** `ClusterRole "edit" rules[2] via RoleBinding shop/devs`. */
  text: string;
}

export interface WhoCanSubject {
  subject: SubjectRef;
  /** `ServiceAccount shop/web`, `Group "devs"`. */
  label: string;
  grants: WhoCanGrant[];
  /** system:masters: allowed everything before RBAC is consulted (`grants` may then be empty). */
  superuser: boolean;
  /** Who a built-in group covers (`every service account of the cluster`). */
  members?: string;
  /** AWS principals signing in as this user or into this group. */
  awsPrincipals: KubernetesIdentityMapping[];
}

/** An IAM principal allowed by an EKS access policy (the EKS authorizer, not RBAC). */
export interface AccessPolicyAllowance {
  principalArn: string;
  policy: string;
  /** `cluster`, or the namespaces of the access scope. */
  scope: 'cluster' | readonly string[];
  /** The policy is read as the Kubernetes role it mirrors, whose rules may differ in details. */
  approximate: boolean;
  detail: string;
}

/**
 * An IAM principal whose access policy this tool does not model, where the policy would apply:
 * it may allow the request or not, the answer is not known.
 */
export interface AccessPolicyNotEvaluated {
  principalArn: string;
  /** The policy name, or its ARN when the name cannot be read from it. */
  policy: string;
  scope: 'cluster' | readonly string[];
  detail: string;
}

/** A subject a binding to an unknown role might allow: the answer for it is not known. */
export interface UnresolvedSubject {
  subject: SubjectRef;
  label: string;
  reasons: string[];
}

export interface WhoCanResult {
  request: WhoCanRequest;
  /** `get secrets in namespace shop`. */
  description: string;
  subjects: WhoCanSubject[];
  accessPolicies: AccessPolicyAllowance[];
  /** Access policies not evaluated (not modelled) whose scope covers the request. */
  accessPoliciesNotEvaluated: AccessPolicyNotEvaluated[];
  unresolved: UnresolvedSubject[];
}

const SYSTEM_MASTERS = 'system:masters';

export function whoCan(inventory: InventoryView, typedVerb: string, typedResource: string, options: WhoCanOptions = {}): WhoCanResult {
  // Rules name verbs and resources in lower-case plurals: `GET Secret` asks about `get secrets`.
  const verb = typedVerb.toLowerCase();
  const resource = canonicalResource(typedResource).resource;
  const perms = EffectivePermissions.of(inventory);
  const mappings = kubernetesIdentityMappings(inventory);
  const { includeInherited = false, ...requestOptions } = options;
  const request: WhoCanRequest = { verb, resource, ...requestOptions };
  const access: AccessOptions = { ...requestOptions, inherited: includeInherited };

  const subjects: WhoCanSubject[] = [];
  const unresolved: UnresolvedSubject[] = [];
  const masters: SubjectRef = { kind: 'Group', name: SYSTEM_MASTERS };
  const mastersMapped = mappingsOf(mappings, masters);
  if (perms.has(masters) || mastersMapped.length > 0) {
    // Allowed whatever RBAC says; RBAC grants that name the group are listed all the same.
    const grants = perms.whyCan(masters, verb, resource, access).map((grant) => grantOf(grant, masters));
    subjects.push({ subject: masters, label: subjectLabel(masters), grants, superuser: true, awsPrincipals: mastersMapped });
  }
  for (const subject of candidates(perms, mappings, includeInherited)) {
    if (subject.kind === 'Group' && subject.name === SYSTEM_MASTERS) continue;
    const grants = perms.whyCan(subject, verb, resource, access);
    if (grants.length > 0) {
      const entry: WhoCanSubject = {
        subject,
        label: subjectLabel(subject),
        grants: grants.map((grant) => grantOf(grant, subject)),
        superuser: false,
        awsPrincipals: mappingsOf(mappings, subject),
      };
      const members = subject.kind === 'Group' ? groupMembersHint(subject.name) : undefined;
      if (members) entry.members = members;
      subjects.push(entry);
      continue;
    }
    const unknown = perms.unresolvedOf(subject, { inherited: includeInherited }).filter((binding) => mayApply(binding, request));
    if (unknown.length > 0) {
      unresolved.push({
        subject,
        label: subjectLabel(subject),
        reasons: unknown.map((binding) => `${bindingLabel(binding)}: ${binding.reason}`),
      });
    }
  }
  const policies = evaluateAccessPolicies(inventory, perms, request, access);
  return {
    request,
    description: describeRequest(request),
    subjects,
    accessPolicies: policies.allowed,
    accessPoliciesNotEvaluated: policies.notEvaluated,
    unresolved,
  };
}

/**
 * Subjects to ask about: every subject of the effective permissions, and with inherited grants
 * the users AWS principals sign in as (no binding needs to name them to be in
 * system:authenticated). Templated user names stand for many users and are left out.
 */
function candidates(perms: EffectivePermissions, mappings: readonly KubernetesIdentityMapping[], inherited: boolean): SubjectRef[] {
  const known = [...perms.subjects()];
  if (!inherited) return known;
  const keys = new Set(known.map(subjectKey));
  for (const mapping of mappings) {
    if (mapping.username.includes('{{')) continue;
    const user: SubjectRef = { kind: 'User', name: mapping.username };
    if (keys.has(subjectKey(user))) continue;
    keys.add(subjectKey(user));
    known.push(user);
  }
  return known;
}

function grantOf(grant: Grant, holder: SubjectRef): WhoCanGrant {
  const { binding, rule } = grant;
  const out: WhoCanGrant = {
    binding: { kind: binding.kind, name: binding.name, subjectIndex: binding.subjectIndex, ...(binding.namespace ? { namespace: binding.namespace } : {}) },
    role: {
      kind: binding.role.kind,
      name: binding.role.name,
      builtIn: binding.role.builtIn,
      approximate: binding.role.approximate,
      ...(binding.role.kind === 'Role' && binding.role.namespace ? { namespace: binding.role.namespace } : {}),
    },
    rule: {
      kind: rule.holder.kind,
      name: rule.holder.name,
      index: rule.index,
      ...(rule.holder.kind === 'Role' && rule.holder.namespace ? { namespace: rule.holder.namespace } : {}),
    },
    scope: binding.scope ?? 'cluster',
    text: describeGrant(grant),
  };
  if (subjectKey(binding.subject) !== subjectKey(holder)) out.via = binding.subject;
  return out;
}

/** Whether a binding to an unknown role could allow the request, by where it applies. */
function mayApply(binding: UnresolvedBinding, request: WhoCanRequest): boolean {
  if (binding.namespace === undefined) return true;
  if (request.resource.startsWith('/') || isClusterScoped(request.apiGroup ?? '', request.resource)) return false;
  return request.namespace === binding.namespace;
}

/**
 * Access entries' policies, read as roles (accessPolicyRole: a cluster scope as a
 * ClusterRoleBinding, a namespace scope as RoleBindings) and evaluated by the same rule
 * matching. Node entries carry no policy. Policies not modelled are listed as not evaluated
 * wherever their scope covers the request, never silently dropped.
 */
function evaluateAccessPolicies(
  inventory: InventoryView,
  perms: EffectivePermissions,
  request: WhoCanRequest,
  access: AccessOptions,
): { allowed: AccessPolicyAllowance[]; notEvaluated: AccessPolicyNotEvaluated[] } {
  const allowed: AccessPolicyAllowance[] = [];
  const notEvaluated: AccessPolicyNotEvaluated[] = [];
  const records = inventory.aws?.eks?.accessEntries;
  if (!Array.isArray(records)) return { allowed, notEvaluated };
  for (const record of records) {
    const principalArn = record?.accessEntry?.principalArn;
    if (typeof principalArn !== 'string' || isNodeEntryType(record.accessEntry.type)) continue;
    const associations = Array.isArray(record.associatedAccessPolicies) ? record.associatedAccessPolicies : [];
    for (const association of associations) {
      if (association === null || typeof association !== 'object') continue;
      const policyArn = typeof association.policyArn === 'string' ? association.policyArn : undefined;
      const policy = accessPolicyName(policyArn) ?? policyArn ?? '(no policy ARN)';
      const scoped = association.accessScope?.type === 'namespace';
      const namespaces = scoped && Array.isArray(association.accessScope?.namespaces) ? association.accessScope.namespaces.filter((name) => typeof name === 'string') : [];
      // A namespace scope grants namespaced resources in those namespaces only.
      if (scoped && (request.namespace === undefined || !namespaces.includes(request.namespace))) continue;
      const scope = scoped ? namespaces : 'cluster';
      const where = scoped ? `namespaces ${namespaces.join(', ')}` : 'cluster-wide';
      const model = accessPolicyRole(perms, policy);
      if (!model) {
        notEvaluated.push({
          principalArn,
          policy,
          scope,
          detail: `access entry ${principalArn} is associated with ${policy} (${where}), whose permissions eksguard does not model: it may allow this request`,
        });
        continue;
      }
      if (perms.requestGrants([probe(principalArn, policy, model.role, scoped ? request.namespace : undefined)], request.verb, request.resource, access).length === 0) continue;
      allowed.push({
        principalArn,
        policy,
        scope,
        approximate: model.approximate,
        detail: `access entry ${principalArn} is associated with ${policy} (${where})${model.readAs ? `, read as ${model.readAs}` : ''}`,
      });
    }
  }
  return { allowed, notEvaluated };
}

/** An access policy as a binding of the ClusterRole it mirrors, cluster-wide or in one namespace. */
function probe(principalArn: string, policy: string, role: SubjectBinding['role'], scope: string | undefined): SubjectBinding {
  const binding: SubjectBinding = {
    subject: { kind: 'User', name: principalArn },
    object: {},
    kind: scope === undefined ? 'ClusterRoleBinding' : 'RoleBinding',
    name: `access policy ${policy}`,
    subjectIndex: 0,
    role,
    scope,
  };
  if (scope !== undefined) binding.namespace = scope;
  return binding;
}

export function describeRequest(request: WhoCanRequest): string {
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  const name = request.resourceName !== undefined ? ` "${request.resourceName}"` : '';
  const group = request.apiGroup ? ` (API group ${request.apiGroup})` : '';
  const where = request.resource.startsWith('/')
    ? ''
    : request.namespace !== undefined
      ? ` in namespace ${request.namespace}`
      : isClusterScoped(request.apiGroup ?? '', resource)
        ? ''
        : ' in every namespace';
  return `${request.verb} ${resource}${name}${group}${where}`;
}
