/**
 * Kubernetes audit events as the generators of respond/ see them (ObservedApiRequest): the CLI
 * reads logs with detect/events and hands these on, so respond/ never learns a log format.
 * Shared by `netpol generate` and `rbac least-privilege`.
 */
import type { AuditEvent, DetectInput } from '../detect/events/index.js';
import type { ObservedApiRequest } from '../respond/observed.js';

/** The path of a request URI without its query (`/api/v1/pods?limit=5` → `/api/v1/pods`). */
function pathOf(requestURI: string): string {
  const query = requestURI.indexOf('?');
  return query < 0 ? requestURI : requestURI.slice(0, query);
}

/**
 * One request from one audit event, or undefined for events that are no finished request:
 * only stage ResponseComplete counts (RequestReceived and ResponseStarted repeat a request that
 * completes later; Panic never answered), and an event without a user names nobody.
 */
export function observedRequestOf(event: AuditEvent, source?: string): ObservedApiRequest | undefined {
  if (event.stage !== 'ResponseComplete') return undefined;
  // An impersonated request is authorised as the impersonated user: that is who used the API.
  const user = event.impersonatedUser?.username ? event.impersonatedUser : event.user;
  if (!user.username) return undefined;
  const ref = event.objectRef;
  const request: ObservedApiRequest = {
    user: user.username,
    groups: user.groups ?? [],
    verb: event.verb,
    apiGroup: ref?.apiGroup ?? '',
    resource: ref?.resource ?? '',
    time: event.stageTimestamp ?? event.requestReceivedTimestamp ?? '',
  };
  if (ref?.subresource) request.subresource = ref.subresource;
  if (ref?.namespace) request.namespace = ref.namespace;
  if (ref?.name) request.name = ref.name;
  if (!ref?.resource) request.nonResourceURL = pathOf(event.requestURI);
  if (typeof event.responseStatus?.code === 'number') request.code = event.responseStatus.code;
  if (source) request.source = source;
  return request;
}

/**
 * The API requests in what a reader yields (readEvents of detect/events), in order. CloudTrail
 * records are passed over; bad records are the reader's to count (its `stats`).
 */
export async function* auditToObservedRequests(reader: AsyncIterable<DetectInput>): AsyncGenerator<ObservedApiRequest> {
  for await (const input of reader) {
    if (input.kind !== 'k8s-audit') continue;
    const request = observedRequestOf(input.event, `${input.file}:${input.line}`);
    if (request) yield request;
  }
}
