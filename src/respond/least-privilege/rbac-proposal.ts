/**
 * A least-privilege RBAC proposal for one subject from the requests it made: a Role per
 * namespace for namespaced resources, one ClusterRole for cluster-scoped resources, requests
 * across all namespaces and non-resource URLs, and the bindings that give them to the subject.
 */
import type { K8sObject } from '../../model/index.js';
import type { PolicyRule } from '../../analysis/rbac/rbac-rule.js';
import type { SubjectRef } from '../../analysis/rbac/subjects.js';
import type { ObservedApiRequest } from '../observed.js';
import { madeBy, wasDenied } from './rbac-subject.js';
import { foldUses, inWindow, useLabel, type AccessUse, type TimeWindow, type VerbUse } from './rbac-usage.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const DEFAULT_MAX_RESOURCE_NAMES = 5;

/**
 * Verbs a rule's resourceNames cannot restrict: list, watch and deletecollection name no object
 * (unless a field selector on metadata.name is sent, which informers do not do), and creating
 * an object names it only in the body. A create on a subresource (`pods/exec`) names its object
 * in the path, so resourceNames do apply to it.
 */
const NEVER_NAMED = new Set(['list', 'watch', 'deletecollection']);

function canName(verb: string, use: AccessUse): boolean {
  if (NEVER_NAMED.has(verb)) return false;
  return verb !== 'create' || use.subresource !== undefined;
}

/**
 * Pod subresources a WebSocket client opens with GET (audit verb `get`): since Kubernetes 1.35
 * (feature gate AuthorizePodWebsocketUpgradeCreatePermission, on by default) the API server also
 * asks RBAC for `create` on them, a check the audit event does not record.
 */
const WEBSOCKET_CREATE = new Set(['exec', 'attach', 'portforward']);

export interface AddedVerb {
  verb: string;
  reason: string;
}

export interface ProposedRule {
  rule: PolicyRule;
  /** The observed uses the rule stands for (names limited to those in the rule). */
  uses: VerbUse[];
  /** Verbs in the rule that were not seen, and why they are there. */
  added: AddedVerb[];
  /** Where the use was (`pods`, `/healthz`), for comments and summaries. */
  label: string;
}

export interface ProposedRole {
  kind: 'Role' | 'ClusterRole';
  namespace?: string;
  name: string;
  rules: ProposedRule[];
}

export interface RequestCounts {
  /** Requests by the subject inside the window. */
  total: number;
  allowed: number;
  denied: number;
  /** Requests by the subject outside --since/--until. */
  outsideWindow: number;
}

export interface RbacProposal {
  subject: SubjectRef;
  window: { since?: string; until?: string };
  /** First and last request inside the window. */
  seen?: { first: string; last: string };
  requests: RequestCounts;
  roles: ProposedRole[];
  /** The Role/ClusterRole objects and their bindings, ready to apply after review. */
  manifests: K8sObject[];
  /** Authorised uses: what the rules were built from. */
  used: AccessUse[];
  /** Uses the API server refused (403), not in the rules. */
  denied: AccessUse[];
  /** Observed groups of the subject's requests (for a user, the groups its identity mapping gave it). */
  groups: string[];
}

export interface RbacProposalOptions {
  window?: TimeWindow;
  /** At most this many object names in one rule's resourceNames; more and the rule names none. Default 5. */
  maxResourceNames?: number;
}

/** A name Kubernetes accepts for a Role and a binding, derived from the subject. */
export function proposalName(subject: SubjectRef): string {
  const raw = subject.kind === 'ServiceAccount' ? `sa-${subject.namespace ?? ''}-${subject.name}` : `${subject.kind.toLowerCase()}-${subject.name}`;
  const slug = raw
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 200)
    .replace(/[-.]+$/, '');
  return `least-privilege-${slug}`;
}

/** Verbs a rule needs beyond those seen, so that the use it stands for keeps working. */
function addedFor(verbs: readonly string[], use: AccessUse): AddedVerb[] {
  const added: AddedVerb[] = [];
  // A client that watches (an informer) lists first, and lists again whenever its watch
  // expires; a window that saw only the watch must not leave the relist forbidden.
  if (verbs.includes('watch') && !verbs.includes('list')) {
    added.push({ verb: 'list', reason: 'watchers (informers) list before they watch and relist when a watch expires' });
  }
  if (verbs.includes('get') && !verbs.includes('create') && use.apiGroup === '' && use.resource === 'pods' && WEBSOCKET_CREATE.has(use.subresource ?? '')) {
    added.push({ verb: 'create', reason: `a WebSocket pods/${use.subresource ?? ''} (audit verb get) also needs create from Kubernetes 1.35` });
  }
  return added;
}

function rulesOf(use: AccessUse, maxNames: number, label: string): ProposedRule[] {
  if (use.nonResourceURL !== undefined) {
    return [{ rule: { nonResourceURLs: [use.nonResourceURL], verbs: use.verbs.map((verb) => verb.verb) }, uses: use.verbs, added: [], label }];
  }
  const resource = use.subresource ? `${use.resource}/${use.subresource}` : use.resource;
  const base = (verbs: string[], names?: string[]): PolicyRule => ({
    apiGroups: [use.apiGroup],
    resources: [resource],
    ...(names && { resourceNames: names }),
    verbs,
  });
  const plain: VerbUse[] = [];
  const named = new Map<string, { names: string[]; uses: VerbUse[] }>();
  for (const verb of use.verbs) {
    const names = Object.keys(verb.names).sort();
    if (canName(verb.verb, use) && verb.unnamed === 0 && names.length > 0 && names.length <= maxNames) {
      const key = names.join('\u0000');
      const group = named.get(key) ?? { names, uses: [] };
      group.uses.push(verb);
      named.set(key, group);
    } else {
      plain.push(verb);
    }
  }
  const rules: ProposedRule[] = [];
  if (plain.length > 0) {
    const verbs = plain.map((verb) => verb.verb);
    const added = addedFor(verbs, use);
    rules.push({ rule: base([...verbs, ...added.map((entry) => entry.verb)].sort()), uses: plain, added, label });
  }
  for (const group of named.values()) {
    const verbs = group.uses.map((verb) => verb.verb);
    const added = addedFor(verbs, use);
    rules.push({ rule: base([...verbs, ...added.map((entry) => entry.verb)].sort(), group.names), uses: group.uses, added, label });
  }
  return rules;
}

function subjectEntry(subject: SubjectRef): Record<string, string> {
  if (subject.kind === 'ServiceAccount') return { kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace ?? '' };
  return { apiGroup: RBAC_GROUP, kind: subject.kind, name: subject.name };
}

function manifestsOf(roles: readonly ProposedRole[], subject: SubjectRef): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const role of roles) {
    const metadata = role.namespace !== undefined ? { name: role.name, namespace: role.namespace } : { name: role.name };
    objects.push({ apiVersion: `${RBAC_GROUP}/v1`, kind: role.kind, metadata, rules: role.rules.map((rule) => rule.rule) });
  }
  for (const role of roles) {
    const metadata = role.namespace !== undefined ? { name: role.name, namespace: role.namespace } : { name: role.name };
    objects.push({
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: role.kind === 'Role' ? 'RoleBinding' : 'ClusterRoleBinding',
      metadata,
      roleRef: { apiGroup: RBAC_GROUP, kind: role.kind, name: role.name },
      subjects: [subjectEntry(subject)],
    });
  }
  return objects;
}

export function proposeRbac(requests: Iterable<ObservedApiRequest>, subject: SubjectRef, options: RbacProposalOptions = {}): RbacProposal {
  const window = options.window ?? {};
  const maxNames = options.maxResourceNames ?? DEFAULT_MAX_RESOURCE_NAMES;
  const allowed: ObservedApiRequest[] = [];
  const denied: ObservedApiRequest[] = [];
  const groups = new Set<string>();
  const counts: RequestCounts = { total: 0, allowed: 0, denied: 0, outsideWindow: 0 };
  let seen: { first: string; last: string } | undefined;
  for (const request of requests) {
    if (!madeBy(subject, request)) continue;
    if (!inWindow(request, window)) {
      counts.outsideWindow++;
      continue;
    }
    counts.total++;
    for (const group of request.groups) groups.add(group);
    if (!seen) seen = { first: request.time, last: request.time };
    if (request.time < seen.first) seen.first = request.time;
    if (request.time > seen.last) seen.last = request.time;
    if (wasDenied(request)) {
      counts.denied++;
      denied.push(request);
    } else {
      counts.allowed++;
      allowed.push(request);
    }
  }
  const used = foldUses(allowed);
  const name = proposalName(subject);
  const byPlace = new Map<string, ProposedRole>();
  for (const use of used) {
    const key = use.namespace ?? '';
    let role = byPlace.get(key);
    if (!role) {
      role = use.namespace !== undefined ? { kind: 'Role', namespace: use.namespace, name, rules: [] } : { kind: 'ClusterRole', name, rules: [] };
      byPlace.set(key, role);
    }
    role.rules.push(...rulesOf(use, maxNames, useLabel(use)));
  }
  // The ClusterRole (key '') sorts first, then Roles by namespace.
  const roles = [...byPlace.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, role]) => role);
  const proposal: RbacProposal = {
    subject,
    window: {
      ...(window.since && { since: window.since.toISOString() }),
      ...(window.until && { until: window.until.toISOString() }),
    },
    requests: counts,
    roles,
    manifests: manifestsOf(roles, subject),
    used,
    denied: foldUses(denied),
    groups: [...groups].sort(),
  };
  if (seen) proposal.seen = seen;
  return proposal;
}
