/**
 * Effective RBAC permissions of every subject (user, group, service account), computed once per
 * scan: roles resolved (aggregated ClusterRoles included, Kubernetes defaults filled in), every
 * binding's subjects indexed, and every grant kept with its evidence (the role and rule index,
 * the binding and subject index). Rule matches are memoised per role and query, so a check
 * over thousands of subjects costs one pass over their bindings, not a rescan of all rules.
 */
import type { K8sObject } from '../../model/index.js';
import { selectorMatches, type InventoryView, type LabelSelector, type Workload } from '../../inventory/index.js';
import { BUILT_IN_BY_NAME } from './builtin-roles.js';
import { compileQuery, Rule, type PolicyRule, type RuleQuery } from './rbac-rule.js';
import { impliedGroups, normaliseSubject, subjectKey, type SubjectRef } from './subjects.js';

export type RoleKind = 'Role' | 'ClusterRole';
export type BindingKind = 'RoleBinding' | 'ClusterRoleBinding';

/** The role whose `rules` list holds a rule: the bound role or one aggregated into it. */
export interface RoleHolder {
  kind: RoleKind;
  name: string;
  namespace?: string;
  /** Absent for a Kubernetes default role that the inventory does not contain. */
  object?: K8sObject;
  builtIn: boolean;
  approximate: boolean;
}

export interface SourcedRule {
  rule: Rule;
  holder: RoleHolder;
  /** Index in `holder.object.rules`. */
  index: number;
}

export interface ResolvedRole extends RoleHolder {
  rules: readonly SourcedRule[];
  aggregated: boolean;
}

/** One subject entry of one binding. */
export interface BindingEntry {
  subject: SubjectRef;
  object: K8sObject;
  kind: BindingKind;
  name: string;
  namespace?: string;
  subjectIndex: number;
}

export interface SubjectBinding extends BindingEntry {
  role: ResolvedRole;
  /** Namespace the grant is limited to; undefined for a ClusterRoleBinding (cluster-wide). */
  scope: string | undefined;
}

export interface UnresolvedBinding extends BindingEntry {
  roleRef: { kind: string; name: string };
  reason: string;
}

/** A rule that a binding gives a subject: the evidence behind a permission. */
export interface Grant {
  binding: SubjectBinding;
  rule: SourcedRule;
}

/** Where a grant must apply: cluster-wide only, anywhere, or in one namespace. */
export type Scope = 'cluster' | 'any' | { namespace: string };

export interface AccessOptions {
  apiGroup?: string;
  /** Namespace of the request; absent for cluster-scoped resources and all-namespace requests. */
  namespace?: string;
  subresource?: string;
  resourceName?: string;
  /** Count the groups the subject is implicitly in (system:authenticated, …). Default true. */
  inherited?: boolean;
}

interface SubjectEntry {
  subject: SubjectRef;
  bindings: SubjectBinding[];
  unresolved: UnresolvedBinding[];
}

interface ClusterRoleSource {
  name: string;
  labels: Record<string, string>;
  selectors: LabelSelector[] | undefined;
  rules: PolicyRule[];
  object?: K8sObject;
  builtIn: boolean;
  approximate: boolean;
}

const CACHE_KEY = 'rbac:effective-permissions';
const NO_RULES: SourcedRule[] = [];

export class EffectivePermissions {
  private readonly clusterRoles = new Map<string, ResolvedRole>();
  private readonly roles = new Map<string, ResolvedRole>();
  private readonly entries = new Map<string, SubjectEntry>();
  private readonly workloadsBySa = new Map<string, Workload[]>();
  private readonly serviceAccountObjects = new Map<string, K8sObject>();
  private readonly memo = new WeakMap<ResolvedRole, Map<string, SourcedRule[]>>();
  private sortedSubjects: SubjectRef[] | undefined;

  /** The permissions of this inventory, built on first use and shared by every check. */
  static of(inventory: InventoryView): EffectivePermissions {
    return inventory.cached(CACHE_KEY, () => new EffectivePermissions(inventory));
  }

  constructor(inventory: InventoryView) {
    this.resolveClusterRoles(inventory);
    for (const object of inventory.ofKind('Role')) {
      const namespace = object.metadata?.namespace ?? 'default';
      const name = object.metadata?.name ?? '';
      const holder: RoleHolder = { kind: 'Role', name, namespace, object, builtIn: false, approximate: false };
      const rules = rulesOf(object).map((raw, index) => ({ rule: new Rule(raw), holder, index }));
      this.roles.set(`${namespace}/${name}`, { ...holder, rules, aggregated: false });
    }
    for (const kind of ['ClusterRoleBinding', 'RoleBinding'] as const) {
      for (const object of inventory.ofKind(kind)) this.indexBinding(kind, object);
    }
    for (const object of inventory.ofKind('ServiceAccount')) {
      const name = object.metadata?.name;
      if (!name) continue;
      const subject: SubjectRef = { kind: 'ServiceAccount', name, namespace: object.metadata?.namespace ?? 'default' };
      this.serviceAccountObjects.set(subjectKey(subject), object);
      this.entry(subject);
    }
    for (const workload of inventory.workloads()) {
      const subject = serviceAccountOf(workload);
      const key = subjectKey(subject);
      let list = this.workloadsBySa.get(key);
      if (!list) this.workloadsBySa.set(key, (list = []));
      list.push(workload);
      this.entry(subject);
    }
  }

  /** Every subject named by a binding, declared as a ServiceAccount, or run as by a workload. */
  subjects(): readonly SubjectRef[] {
    this.sortedSubjects ??= [...this.entries.values()]
      .map((entry) => entry.subject)
      .sort((a, b) => compare(subjectKey(a), subjectKey(b)));
    return this.sortedSubjects;
  }

  has(subject: SubjectRef): boolean {
    return this.entries.has(subjectKey(subject));
  }

  /** Bindings naming the subject; with `inherited`, also those of the groups it is implicitly in. */
  bindingsOf(subject: SubjectRef, options: { inherited?: boolean } = {}): readonly SubjectBinding[] {
    return this.collect(subject, options.inherited ?? false, (entry) => entry.bindings);
  }

  /** Bindings naming the subject whose role is neither in the inventory nor a known default. */
  unresolvedOf(subject: SubjectRef, options: { inherited?: boolean } = {}): readonly UnresolvedBinding[] {
    return this.collect(subject, options.inherited ?? false, (entry) => entry.unresolved);
  }

  serviceAccountObject(subject: SubjectRef): K8sObject | undefined {
    return subject.kind === 'ServiceAccount' ? this.serviceAccountObjects.get(subjectKey(subject)) : undefined;
  }

  /** Workloads whose pods run as this service account. */
  workloadsOf(subject: SubjectRef): readonly Workload[] {
    return subject.kind === 'ServiceAccount' ? (this.workloadsBySa.get(subjectKey(subject)) ?? []) : [];
  }

  clusterRole(name: string): ResolvedRole | undefined {
    return this.clusterRoles.get(name);
  }

  role(namespace: string, name: string): ResolvedRole | undefined {
    return this.roles.get(`${namespace}/${name}`);
  }

  /** The role's rules that answer the query, memoised per role. */
  rulesMatching(role: ResolvedRole, query: RuleQuery): readonly SourcedRule[] {
    let cache = this.memo.get(role);
    if (!cache) this.memo.set(role, (cache = new Map<string, SourcedRule[]>()));
    const { key } = compileQuery(query);
    let hit = cache.get(key);
    if (!hit) {
      hit = role.rules.filter((sourced) => sourced.rule.matches(query));
      // Most roles answer most queries with nothing: share one empty list rather than keep thousands.
      cache.set(key, hit.length > 0 ? hit : NO_RULES);
    }
    return hit;
  }

  /**
   * Grants among `bindings` that answer the query where `scope` asks. A RoleBinding never grants
   * a cluster-scoped resource, and grants a namespaced one only in its own namespace.
   * `clusterScoped: false` overrides the resource's scope for requests the API server authorizes
   * in a namespace although they name a cluster-scoped resource (`bind` on `clusterroles` when a
   * RoleBinding is created).
   */
  grants(
    bindings: Iterable<SubjectBinding>,
    query: RuleQuery,
    scope: Scope = 'any',
    clusterScoped = compileQuery(query).clusterScoped,
  ): Grant[] {
    const found: Grant[] = [];
    for (const binding of bindings) {
      if (!appliesIn(binding, scope, clusterScoped)) continue;
      for (const rule of this.rulesMatching(binding.role, query)) found.push({ binding, rule });
    }
    return found;
  }

  /**
   * The grants that allow one request, as the RBAC authorizer decides it. `resource` may be
   * `pods/exec`, or a non-resource URL starting with `/`.
   */
  whyCan(subject: SubjectRef, verb: string, resource: string, options: AccessOptions = {}): Grant[] {
    return this.requestGrants(this.bindingsOf(subject, { inherited: options.inherited ?? true }), verb, resource, options);
  }

  /**
   * The grants among `bindings` that allow one request (whyCan for bindings that name no subject
   * of the inventory, such as an EKS access policy read as the ClusterRole it stands for).
   */
  requestGrants(bindings: readonly SubjectBinding[], verb: string, resource: string, options: AccessOptions = {}): Grant[] {
    if (resource.startsWith('/')) {
      const found: Grant[] = [];
      for (const binding of bindings) {
        if (binding.scope !== undefined) continue;
        for (const rule of binding.role.rules) {
          if (rule.rule.allowsVerb(verb) && rule.rule.allowsURL(resource)) found.push({ binding, rule });
        }
      }
      return found;
    }
    const query: RuleQuery = {
      verbs: [verb],
      apiGroup: options.apiGroup ?? '',
      resources: [options.subresource ? `${resource}/${options.subresource}` : resource],
    };
    if (options.resourceName !== undefined) query.resourceName = options.resourceName;
    return this.grants(bindings, query, options.namespace ? { namespace: options.namespace } : 'cluster');
  }

  can(subject: SubjectRef, verb: string, resource: string, options: AccessOptions = {}): boolean {
    return this.whyCan(subject, verb, resource, options).length > 0;
  }

  /** Every direct grant, over all subjects, that the predicate accepts. */
  findGrants(predicate: (grant: Grant) => boolean): Grant[] {
    const found: Grant[] = [];
    for (const entry of this.entries.values()) {
      for (const binding of entry.bindings) {
        for (const rule of binding.role.rules) {
          const grant = { binding, rule };
          if (predicate(grant)) found.push(grant);
        }
      }
    }
    return found;
  }

  private collect<T>(subject: SubjectRef, inherited: boolean, pick: (entry: SubjectEntry) => T[]): readonly T[] {
    const own = this.entries.get(subjectKey(subject));
    const mine = own ? pick(own) : [];
    if (!inherited) return mine;
    let out: T[] | undefined;
    for (const group of impliedGroups(subject)) {
      const entry = this.entries.get(`Group:${group}`);
      const theirs = entry ? pick(entry) : [];
      if (theirs.length > 0) (out ??= [...mine]).push(...theirs);
    }
    return out ?? mine;
  }

  private entry(subject: SubjectRef): SubjectEntry {
    const key = subjectKey(subject);
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { subject, bindings: [], unresolved: [] }));
    return entry;
  }

  private indexBinding(kind: BindingKind, object: K8sObject): void {
    const namespace = kind === 'RoleBinding' ? (object.metadata?.namespace ?? 'default') : undefined;
    const roleRef = (object.roleRef ?? {}) as { kind?: string; name?: string };
    const refKind = roleRef.kind ?? '';
    const refName = roleRef.name ?? '';
    let role: ResolvedRole | undefined;
    let reason: string | undefined;
    if (refKind === 'ClusterRole') {
      role = this.clusterRoles.get(refName);
      if (!role) reason = `ClusterRole "${refName}" is not in the inventory and is not a Kubernetes default`;
    } else if (refKind === 'Role' && namespace !== undefined) {
      role = this.roles.get(`${namespace}/${refName}`);
      if (!role) reason = `Role ${namespace}/${refName} is not in the inventory`;
    } else {
      reason = `roleRef ${refKind || '(no kind)'} "${refName}" cannot be resolved for a ${kind}`;
    }
    const subjects = Array.isArray(object.subjects) ? (object.subjects as unknown[]) : [];
    subjects.forEach((raw, subjectIndex) => {
      if (raw === null || typeof raw !== 'object') return;
      const subject = normaliseSubject(raw, namespace);
      if (!subject) return;
      const entry: BindingEntry = { subject, object, kind, name: object.metadata?.name ?? '', subjectIndex };
      if (namespace !== undefined) entry.namespace = namespace;
      const slot = this.entry(subject);
      if (role) slot.bindings.push({ ...entry, role, scope: namespace });
      else slot.unresolved.push({ ...entry, roleRef: { kind: refKind, name: refName }, reason: reason ?? '' });
    });
  }

  private resolveClusterRoles(inventory: InventoryView): void {
    const sources = new Map<string, ClusterRoleSource>();
    for (const object of inventory.ofKind('ClusterRole')) {
      const name = object.metadata?.name ?? '';
      const aggregation = object.aggregationRule as { clusterRoleSelectors?: LabelSelector[] } | undefined;
      sources.set(name, {
        name,
        labels: object.metadata?.labels ?? {},
        selectors: aggregation ? (aggregation.clusterRoleSelectors ?? []) : undefined,
        rules: rulesOf(object),
        object,
        builtIn: false,
        approximate: false,
      });
    }
    for (const role of BUILT_IN_BY_NAME.values()) {
      if (sources.has(role.name)) continue;
      sources.set(role.name, {
        name: role.name,
        labels: role.labels ?? {},
        selectors: role.aggregationRule?.clusterRoleSelectors,
        rules: role.rules,
        builtIn: true,
        approximate: role.approximate ?? false,
      });
    }
    const all = [...sources.values()];
    const ownRules = new Map<string, SourcedRule[]>();
    for (const source of all) {
      const holder: RoleHolder = { kind: 'ClusterRole', name: source.name, builtIn: source.builtIn, approximate: source.approximate };
      if (source.object) holder.object = source.object;
      ownRules.set(source.name, source.rules.map((raw, index) => ({ rule: new Rule(raw), holder, index })));
    }
    // Direct aggregation edges, computed once per aggregating role.
    const selected = new Map<string, ClusterRoleSource[]>();
    for (const source of all) {
      if (!source.selectors) continue;
      const selectors = source.selectors;
      selected.set(
        source.name,
        all.filter((other) => other.name !== source.name && selectors.some((selector) => selectorMatches(selector, other.labels))),
      );
    }
    // An aggregated role holds the rules of every role it reaches through selectors, its own
    // first. A breadth-first walk visits each role once, so cycles and chains stay linear.
    for (const source of all) {
      const rules = [...(ownRules.get(source.name) ?? [])];
      if (source.selectors) {
        const seenRules = new Set(rules.map((sourced) => sourced.rule.key));
        const visited = new Set([source.name]);
        const queue = [...(selected.get(source.name) ?? [])];
        while (queue.length > 0) {
          const other = queue.shift() as ClusterRoleSource;
          if (visited.has(other.name)) continue;
          visited.add(other.name);
          for (const sourced of ownRules.get(other.name) ?? []) {
            if (seenRules.has(sourced.rule.key)) continue;
            seenRules.add(sourced.rule.key);
            rules.push(sourced);
          }
          queue.push(...(selected.get(other.name) ?? []));
        }
      }
      const holder: RoleHolder = { kind: 'ClusterRole', name: source.name, builtIn: source.builtIn, approximate: source.approximate };
      if (source.object) holder.object = source.object;
      this.clusterRoles.set(source.name, {
        ...holder,
        approximate: rules.some((sourced) => sourced.holder.approximate),
        rules,
        aggregated: source.selectors !== undefined,
      });
    }
  }
}

function appliesIn(binding: SubjectBinding, scope: Scope, clusterScoped: boolean): boolean {
  if (binding.scope === undefined) return true;
  if (clusterScoped || scope === 'cluster') return false;
  return scope === 'any' || binding.scope === scope.namespace;
}

function rulesOf(object: K8sObject): PolicyRule[] {
  return Array.isArray(object.rules)
    ? (object.rules as unknown[]).map((rule) => (rule !== null && typeof rule === 'object' ? (rule as PolicyRule) : {}))
    : [];
}

/** The service account a workload's pods run as (`default` when the spec names none). */
export function serviceAccountOf(workload: Pick<Workload, 'podSpec' | 'namespace'>): SubjectRef {
  const name = workload.podSpec.serviceAccountName || workload.podSpec.serviceAccount || 'default';
  return { kind: 'ServiceAccount', name, namespace: workload.namespace };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
