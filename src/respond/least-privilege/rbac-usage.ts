/**
 * What a subject did with the API, folded per place (namespace or cluster-wide), API group,
 * resource or non-resource URL, and verb: counts, first and last time, and the object names
 * it touched. Both the proposal and the comparison with today's grants read this.
 */
import { isClusterScoped } from '../../analysis/rbac/rbac-rule.js';
import type { ObservedApiRequest } from '../observed.js';

export interface VerbUse {
  verb: string;
  count: number;
  first: string;
  last: string;
  /** Object name → requests naming it. */
  names: Record<string, number>;
  /** Requests that named no object (list, watch, create of a new object, all-namespace calls). */
  unnamed: number;
}

export interface AccessUse {
  /** The namespace of a namespaced resource used in one namespace; absent means cluster-wide. */
  namespace?: string;
  /** '' for the core group and for non-resource URLs. */
  apiGroup: string;
  /** Plural resource; '' for a non-resource URL. */
  resource: string;
  subresource?: string;
  nonResourceURL?: string;
  verbs: VerbUse[];
}

export interface TimeWindow {
  since?: Date;
  until?: Date;
}

/** Inside [since, until); a request whose time does not parse is outside any window that is set. */
export function inWindow(request: Pick<ObservedApiRequest, 'time'>, window: TimeWindow): boolean {
  if (!window.since && !window.until) return true;
  const time = Date.parse(request.time);
  if (Number.isNaN(time)) return false;
  return (!window.since || time >= window.since.getTime()) && (!window.until || time < window.until.getTime());
}

function accessKey(use: Omit<AccessUse, 'verbs'>): string {
  return [use.namespace ?? '', use.apiGroup, use.resource, use.subresource ?? '', use.nonResourceURL ?? ''].join('\u0000');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where a request must be allowed: its namespace for a namespaced resource, else cluster-wide. */
export function placeOf(request: ObservedApiRequest): Omit<AccessUse, 'verbs'> {
  if (request.nonResourceURL !== undefined || request.resource === '') {
    return { apiGroup: '', resource: '', nonResourceURL: request.nonResourceURL ?? '' };
  }
  const place: Omit<AccessUse, 'verbs'> = { apiGroup: request.apiGroup, resource: request.resource };
  if (request.subresource) place.subresource = request.subresource;
  // A namespaces request carries its own name as namespace; it is still a cluster-scoped resource.
  if (request.namespace && !isClusterScoped(request.apiGroup, request.resource)) place.namespace = request.namespace;
  return place;
}

/** The requests folded into uses, sorted by namespace (cluster-wide first), group, resource, URL. */
export function foldUses(requests: Iterable<ObservedApiRequest>): AccessUse[] {
  const uses = new Map<string, { use: AccessUse; verbs: Map<string, VerbUse> }>();
  for (const request of requests) {
    const place = placeOf(request);
    const key = accessKey(place);
    let slot = uses.get(key);
    if (!slot) uses.set(key, (slot = { use: { ...place, verbs: [] }, verbs: new Map() }));
    let verb = slot.verbs.get(request.verb);
    if (!verb) slot.verbs.set(request.verb, (verb = { verb: request.verb, count: 0, first: request.time, last: request.time, names: {}, unnamed: 0 }));
    verb.count++;
    if (request.time < verb.first) verb.first = request.time;
    if (request.time > verb.last) verb.last = request.time;
    // A non-resource request has no object; a resource request names one or none.
    if (request.name && place.nonResourceURL === undefined) verb.names[request.name] = (verb.names[request.name] ?? 0) + 1;
    else verb.unnamed++;
  }
  const out = [...uses.values()].map(({ use, verbs }) => ({ ...use, verbs: [...verbs.values()].sort((a, b) => compare(a.verb, b.verb)) }));
  return out.sort(
    (a, b) =>
      compare(a.namespace ?? '', b.namespace ?? '') ||
      compare(a.apiGroup, b.apiGroup) ||
      compare(a.resource, b.resource) ||
      compare(a.subresource ?? '', b.subresource ?? '') ||
      compare(a.nonResourceURL ?? '', b.nonResourceURL ?? ''),
  );
}

/** `pods/exec`, `deployments.apps`, `/healthz`: how a summary names what was used. */
export function useLabel(use: Omit<AccessUse, 'verbs'>): string {
  if (use.nonResourceURL !== undefined) return use.nonResourceURL;
  const resource = use.apiGroup ? `${use.resource}.${use.apiGroup}` : use.resource;
  return use.subresource ? `${resource}/${use.subresource}` : resource;
}
