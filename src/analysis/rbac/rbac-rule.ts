/**
 * RBAC policy rules and the request matching of the Kubernetes RBAC authorizer: `*` in verbs,
 * apiGroups and resources, `resource/subresource`, a star before `/subresource` (any resource's subresource), resourceNames, and
 * nonResourceURLs with a trailing `*`.
 */

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** Matches any resource name, whether or not the rule lists names (for "can it touch X at all"). */
export const ANY_NAME: unique symbol = Symbol('any resource name');

/**
 * A question about rules, with "any of" lists. One API group per query, so that `pods` in
 * `apps` (which a rule may name but which does not exist) never answers for core pods.
 */
export interface RuleQuery {
  verbs: readonly string[];
  apiGroup: string;
  /** `pods`, `pods/exec`. Do not mix cluster-scoped and namespaced resources in one query. */
  resources: readonly string[];
  /**
   * Absent: the request carries no name (create, list), so rules restricted by resourceNames do
   * not apply — as in the authorizer. A name: rules listing it apply. ANY_NAME: restricted rules
   * apply too.
   */
  resourceName?: string | typeof ANY_NAME;
}

const toSet = (values: readonly string[] | undefined): ReadonlySet<string> => new Set(values ?? []);

/** A policy rule, normalised once so that matching is set lookups. */
export class Rule {
  readonly raw: PolicyRule;
  readonly verbs: ReadonlySet<string>;
  readonly apiGroups: ReadonlySet<string>;
  readonly resources: ReadonlySet<string>;
  readonly resourceNames: ReadonlySet<string>;
  readonly nonResourceURLs: readonly string[];
  readonly key: string;

  constructor(raw: PolicyRule) {
    this.raw = raw;
    this.verbs = toSet(raw.verbs);
    this.apiGroups = toSet(raw.apiGroups);
    this.resources = toSet(raw.resources);
    this.resourceNames = toSet(raw.resourceNames);
    this.nonResourceURLs = raw.nonResourceURLs ?? [];
    const sorted = (values: string[] | undefined): string => [...(values ?? [])].sort().join(',');
    this.key = [raw.verbs, raw.apiGroups, raw.resources, raw.resourceNames, raw.nonResourceURLs].map(sorted).join('|');
  }

  allowsVerb(verb: string): boolean {
    return this.verbs.has('*') || this.verbs.has(verb);
  }

  allowsGroup(group: string): boolean {
    return this.apiGroups.has('*') || this.apiGroups.has(group);
  }

  /** `resource` may be `pods/exec`; `*` covers subresources, a star before `/exec` covers every `x/exec`. */
  allowsResource(resource: string): boolean {
    if (this.resources.has('*') || this.resources.has(resource)) return true;
    const slash = resource.indexOf('/');
    return slash >= 0 && this.resources.has(`*${resource.slice(slash)}`);
  }

  allowsName(name: string | typeof ANY_NAME | undefined): boolean {
    if (this.resourceNames.size === 0 || name === ANY_NAME) return true;
    return name !== undefined && this.resourceNames.has(name);
  }

  allowsURL(url: string): boolean {
    return this.nonResourceURLs.some(
      (spec) => spec === '*' || spec === url || (spec.endsWith('*') && url.startsWith(spec.slice(0, -1))),
    );
  }

  matches(query: RuleQuery): boolean {
    return (
      query.verbs.some((verb) => this.allowsVerb(verb)) &&
      this.allowsGroup(query.apiGroup) &&
      query.resources.some((resource) => this.allowsResource(resource)) &&
      this.allowsName(query.resourceName)
    );
  }

  /** The query's verbs this rule grants, or `*` when it grants every verb. */
  grantedVerbs(verbs: readonly string[]): string[] {
    return this.verbs.has('*') ? ['*'] : verbs.filter((verb) => this.verbs.has(verb));
  }

  /** All verbs, all resources, all groups: the rule of cluster-admin. */
  get isFullWildcard(): boolean {
    return this.verbs.has('*') && this.resources.has('*') && this.apiGroups.has('*') && this.resourceNames.size === 0;
  }
}

const compiledQueries = new WeakMap<RuleQuery, { key: string; clusterScoped: boolean }>();

/** The memo key of a query and whether it asks about cluster-scoped resources, once per query object. */
export function compileQuery(query: RuleQuery): { key: string; clusterScoped: boolean } {
  let compiled = compiledQueries.get(query);
  if (!compiled) {
    const name = query.resourceName === ANY_NAME ? '\u0001any' : (query.resourceName ?? '');
    compiled = {
      key: `${query.apiGroup}\u0000${query.verbs.join(',')}\u0000${query.resources.join(',')}\u0000${name}`,
      clusterScoped: query.resources.every((resource) => isClusterScoped(query.apiGroup, resource)),
    };
    compiledQueries.set(query, compiled);
  }
  return compiled;
}

/** Resources that live outside namespaces, by API group: a RoleBinding never grants them. */
const CLUSTER_SCOPED: Record<string, readonly string[]> = {
  '': ['nodes', 'persistentvolumes', 'namespaces', 'componentstatuses', 'users', 'groups'],
  'rbac.authorization.k8s.io': ['clusterroles', 'clusterrolebindings'],
  'admissionregistration.k8s.io': [
    'validatingwebhookconfigurations',
    'mutatingwebhookconfigurations',
    'validatingadmissionpolicies',
    'validatingadmissionpolicybindings',
    'mutatingadmissionpolicies',
    'mutatingadmissionpolicybindings',
  ],
  'certificates.k8s.io': ['certificatesigningrequests', 'signers', 'clustertrustbundles'],
  'apiextensions.k8s.io': ['customresourcedefinitions'],
  'storage.k8s.io': ['storageclasses', 'csidrivers', 'csinodes', 'volumeattachments', 'volumeattributesclasses'],
  'scheduling.k8s.io': ['priorityclasses'],
  'node.k8s.io': ['runtimeclasses'],
  'apiregistration.k8s.io': ['apiservices'],
  'authentication.k8s.io': ['tokenreviews', 'selfsubjectreviews', 'uids', 'userextras'],
  'authorization.k8s.io': ['subjectaccessreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
  'networking.k8s.io': ['ingressclasses', 'ipaddresses', 'servicecidrs'],
  'flowcontrol.apiserver.k8s.io': ['flowschemas', 'prioritylevelconfigurations'],
  policy: ['podsecuritypolicies'],
  'resource.k8s.io': ['deviceclasses', 'resourceslices', 'devicetaintrules'],
};

const CLUSTER_SCOPED_KEYS = new Set(
  Object.entries(CLUSTER_SCOPED).flatMap(([group, resources]) => resources.map((resource) => `${group}/${resource}`)),
);

/** Whether `resource` (possibly `nodes/proxy`) of `group` is cluster-scoped. */
export function isClusterScoped(group: string, resource: string): boolean {
  const base = resource.split('/')[0] ?? resource;
  return CLUSTER_SCOPED_KEYS.has(`${group}/${base}`);
}
