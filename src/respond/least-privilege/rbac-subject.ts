/**
 * Which audit requests belong to the subject a proposal is for, and the subjects a log holds
 * (so a user without `--subject` can pick one).
 */
import type { SubjectRef } from '../../analysis/rbac/subjects.js';
import { subjectUserName } from '../../analysis/rbac/subjects.js';
import type { ObservedApiRequest } from '../observed.js';

const SA_PREFIX = 'system:serviceaccount:';

/**
 * `system:serviceaccount:ns:name` or `ServiceAccount:ns/name` → a service account;
 * `Group:name` → a group; `User:name` or any other text → a user. Returns a message when the
 * text cannot name a subject.
 */
export function parseSubject(text: string): SubjectRef | string {
  const value = text.trim();
  if (value === '') return 'the subject is empty';
  const kinded = /^(User|Group|ServiceAccount):(.+)$/.exec(value);
  if (kinded) {
    const [, kind, rest = ''] = kinded;
    if (kind === 'User') return { kind: 'User', name: rest };
    if (kind === 'Group') return { kind: 'Group', name: rest };
    const [namespace, name, ...extra] = rest.split('/');
    if (!namespace || !name || extra.length > 0) return `"${value}": write ServiceAccount:NAMESPACE/NAME`;
    return { kind: 'ServiceAccount', namespace, name };
  }
  if (value.startsWith(SA_PREFIX)) {
    const [namespace, name, ...extra] = value.slice(SA_PREFIX.length).split(':');
    if (!namespace || !name || extra.length > 0) return `"${value}": write system:serviceaccount:NAMESPACE:NAME`;
    return { kind: 'ServiceAccount', namespace, name };
  }
  return { kind: 'User', name: value };
}

/** Whether the API server authorised this request as (or, for a group, for a member of) the subject. */
export function madeBy(subject: SubjectRef, request: ObservedApiRequest): boolean {
  if (subject.kind === 'Group') return request.groups.includes(subject.name);
  return request.user === subjectUserName(subject);
}

/** A request the RBAC authorizer refused (403); anything else was authorised, even a 404 or 409. */
export function wasDenied(request: ObservedApiRequest): boolean {
  return request.code === 403;
}

export interface SeenSubject {
  /** The user name as the audit log gives it. */
  user: string;
  requests: number;
  denied: number;
  first: string;
  last: string;
}

/** Every user in the requests, most active first, with counts and first/last seen. */
export function subjectsSeen(requests: Iterable<ObservedApiRequest>): SeenSubject[] {
  const byUser = new Map<string, SeenSubject>();
  for (const request of requests) {
    let seen = byUser.get(request.user);
    if (!seen) byUser.set(request.user, (seen = { user: request.user, requests: 0, denied: 0, first: request.time, last: request.time }));
    seen.requests++;
    if (wasDenied(request)) seen.denied++;
    if (request.time < seen.first) seen.first = request.time;
    if (request.time > seen.last) seen.last = request.time;
  }
  return [...byUser.values()].sort((a, b) => b.requests - a.requests || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
}
