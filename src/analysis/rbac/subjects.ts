/** RBAC subjects (users, groups, service accounts) as the authorizer sees them. */
import type { ResourceRef } from '../../model/index.js';

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

export interface SubjectRef {
  kind: SubjectKind;
  name: string;
  /** Service accounts only. */
  namespace?: string;
}

const SA_USER_PREFIX = 'system:serviceaccount:';

const keys = new WeakMap<SubjectRef, string>();

/** `User:alice`, `Group:devs`, `ServiceAccount:shop/web` (memoised: subjects are looked up often). */
export function subjectKey(subject: SubjectRef): string {
  let key = keys.get(subject);
  if (key === undefined) {
    key =
      subject.kind === 'ServiceAccount'
        ? `ServiceAccount:${subject.namespace ?? ''}/${subject.name}`
        : `${subject.kind}:${subject.name}`;
    keys.set(subject, key);
  }
  return key;
}

/** How a finding names a subject: `User "alice"`, `ServiceAccount shop/web`. */
export function subjectLabel(subject: SubjectRef): string {
  return subject.kind === 'ServiceAccount'
    ? `ServiceAccount ${subject.namespace ?? ''}/${subject.name}`
    : `${subject.kind} "${subject.name}"`;
}

/**
 * The resource a per-subject finding is reported on (a ServiceAccount object, or the User or
 * Group as an RBAC name), so that other analysers can name the same resource.
 */
export function subjectResource(subject: SubjectRef): ResourceRef {
  return subject.kind === 'ServiceAccount'
    ? { apiVersion: 'v1', kind: 'ServiceAccount', namespace: subject.namespace ?? '', name: subject.name }
    : { apiVersion: 'rbac.authorization.k8s.io/v1', kind: subject.kind, name: subject.name };
}

/** The user name the API server gives a subject (`system:serviceaccount:ns:name` for SAs). */
export function subjectUserName(subject: SubjectRef): string {
  return subject.kind === 'ServiceAccount' ? `${SA_USER_PREFIX}${subject.namespace ?? ''}:${subject.name}` : subject.name;
}

interface RawSubject {
  kind?: string;
  name?: string;
  namespace?: string;
}

/**
 * A binding's subject entry as the authorizer applies it, or undefined when the API server
 * would reject it. A ServiceAccount without namespace takes the RoleBinding's; a User named
 * `system:serviceaccount:<ns>:<name>` is that service account.
 */
export function normaliseSubject(raw: RawSubject, bindingNamespace: string | undefined): SubjectRef | undefined {
  const name = raw.name;
  if (!name) return undefined;
  switch (raw.kind) {
    case 'ServiceAccount': {
      const namespace = raw.namespace ?? bindingNamespace;
      return namespace ? { kind: 'ServiceAccount', name, namespace } : undefined;
    }
    case 'User': {
      if (name.startsWith(SA_USER_PREFIX)) {
        const [namespace, saName, ...rest] = name.slice(SA_USER_PREFIX.length).split(':');
        if (namespace && saName && rest.length === 0) return { kind: 'ServiceAccount', name: saName, namespace };
      }
      return { kind: 'User', name };
    }
    case 'Group':
      return { kind: 'Group', name };
    default:
      return undefined;
  }
}

export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';

/** Groups every request of this subject carries besides its own name. */
export function impliedGroups(subject: SubjectRef): string[] {
  switch (subject.kind) {
    case 'ServiceAccount':
      return [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${subject.namespace ?? ''}`, AUTHENTICATED];
    case 'User':
      return subject.name === ANONYMOUS ? [UNAUTHENTICATED] : [AUTHENTICATED];
    case 'Group':
      return [];
  }
}

/** Who the members of a group are, for a finding on the group (the group of every SA, …). */
export function groupMembersHint(name: string): string | undefined {
  if (name === AUTHENTICATED) return 'every authenticated user and every service account';
  if (name === UNAUTHENTICATED) return 'every unauthenticated request';
  if (name === ALL_SERVICE_ACCOUNTS) return 'every service account of the cluster';
  if (name.startsWith(`${ALL_SERVICE_ACCOUNTS}:`)) {
    return `every service account of namespace ${name.slice(ALL_SERVICE_ACCOUNTS.length + 1)}`;
  }
  return undefined;
}
