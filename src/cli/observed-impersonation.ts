/**
 * Impersonation as `rbac least-privilege` must see it. An impersonated request is authorised as
 * the impersonated user (observed-requests gives it to that user), but first the API server asks
 * RBAC whether the authenticated user may `impersonate` each part of the new identity: the user
 * (`users`, or `serviceaccounts` in the account's namespace), every group asked for (`groups`),
 * the uid (`uids.authentication.k8s.io`) and each extra value (`userextras/<key>`). The audit
 * event records none of these checks as a request; they are rebuilt here for the impersonator.
 */
import type { AuditEvent, DetectInput } from '../detect/events/index.js';
import type { ObservedApiRequest } from '../respond/observed.js';
import { observedRequestOf } from './observed-requests.js';

const SA_PREFIX = 'system:serviceaccount:';
const AUTHENTICATION_GROUP = 'authentication.k8s.io';
/** Added by the API server to every impersonated identity unless asked for: never checked then. */
const ADDED_GROUPS = new Set(['system:authenticated', 'system:unauthenticated']);

interface Target {
  apiGroup: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name: string;
}

function targetsOf(event: AuditEvent): Target[] {
  const impersonated = event.impersonatedUser;
  const username = impersonated?.username;
  if (!impersonated || !username) return [];
  const targets: Target[] = [];
  const account = username.startsWith(SA_PREFIX) ? username.slice(SA_PREFIX.length).split(':') : undefined;
  const accountGroups = new Set<string>();
  if (account?.length === 2 && account[0] && account[1]) {
    const [namespace, name] = account;
    targets.push({ apiGroup: '', resource: 'serviceaccounts', namespace, name });
    // A service account impersonated without groups gets its own groups unchecked.
    accountGroups.add('system:serviceaccounts').add(`system:serviceaccounts:${namespace}`);
  } else {
    targets.push({ apiGroup: '', resource: 'users', name: username });
  }
  for (const group of impersonated.groups ?? []) {
    if (!ADDED_GROUPS.has(group) && !accountGroups.has(group)) targets.push({ apiGroup: '', resource: 'groups', name: group });
  }
  if (impersonated.uid) targets.push({ apiGroup: AUTHENTICATION_GROUP, resource: 'uids', name: impersonated.uid });
  for (const [key, values] of Object.entries(impersonated.extra ?? {})) {
    for (const value of values) targets.push({ apiGroup: AUTHENTICATION_GROUP, resource: 'userextras', subresource: key, name: value });
  }
  return targets;
}

/**
 * The `impersonate` checks an event's impersonation passed, as requests of the impersonator.
 * The audit event names the impersonated user only when every check allowed it.
 */
export function impersonationRequestsOf(event: AuditEvent, source?: string): ObservedApiRequest[] {
  if (event.stage !== 'ResponseComplete' || !event.user.username) return [];
  const time = event.stageTimestamp ?? event.requestReceivedTimestamp ?? '';
  return targetsOf(event).map((target) => {
    const request: ObservedApiRequest = {
      user: event.user.username ?? '',
      groups: event.user.groups ?? [],
      verb: 'impersonate',
      apiGroup: target.apiGroup,
      resource: target.resource,
      name: target.name,
      time,
    };
    if (target.subresource) request.subresource = target.subresource;
    if (target.namespace) request.namespace = target.namespace;
    if (source) request.source = source;
    return request;
  });
}

/**
 * A refused impersonation answers 403 before the request is authorised, with a message such as
 * `users "jane" is forbidden: User "proxy" cannot impersonate resource "users" in API group ""
 * at the cluster scope`: the denied use is `impersonate`, not the request's own verb.
 */
const IMPERSONATE_DENIED = /^\S+ "([^"]*)" is forbidden: User "[^"]*" cannot impersonate resource "([^"/]+)(?:\/([^"]+))?" in API group "([^"]*)"(?: in the namespace "([^"]*)")?/;

function deniedImpersonationOf(event: AuditEvent, request: ObservedApiRequest): ObservedApiRequest | undefined {
  if (request.code !== 403 || event.impersonatedUser) return undefined;
  const match = IMPERSONATE_DENIED.exec(event.responseStatus?.message ?? '');
  if (!match) return undefined;
  const [, name = '', resource = '', subresource, apiGroup = '', namespace] = match;
  const denied: ObservedApiRequest = { user: request.user, groups: request.groups, verb: 'impersonate', apiGroup, resource, name, code: 403, time: request.time };
  if (subresource) denied.subresource = subresource;
  if (namespace) denied.namespace = namespace;
  if (request.source) denied.source = request.source;
  return denied;
}

/**
 * The API requests in what a reader yields, with the impersonation checks of each impersonated
 * request added for the impersonator, and a refused impersonation read as such.
 */
export async function* auditToRbacRequests(reader: AsyncIterable<DetectInput>): AsyncGenerator<ObservedApiRequest> {
  for await (const input of reader) {
    if (input.kind !== 'k8s-audit') continue;
    const source = `${input.file}:${input.line}`;
    const request = observedRequestOf(input.event, source);
    if (!request) continue;
    yield deniedImpersonationOf(input.event, request) ?? request;
    yield* impersonationRequestsOf(input.event, source);
  }
}
