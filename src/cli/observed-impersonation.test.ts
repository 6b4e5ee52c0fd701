import { describe, expect, it } from 'vitest';
import type { AuditEvent, DetectInput } from '../detect/events/index.js';
import { proposeRbac } from '../respond/least-privilege/index.js';
import type { ObservedApiRequest } from '../respond/observed.js';
import { auditToRbacRequests, impersonationRequestsOf } from './observed-impersonation.js';

/** A gateway's service account listing pods as alice (kubectl --as alice --as-group dev --as-uid …). */
const AS_ALICE: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: '5e0c1f7a-2b3d-4e5f-8a9b-0c1d2e3f4a01',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/shop/pods?limit=500',
  verb: 'list',
  user: { username: 'system:serviceaccount:gateway:proxy', uid: '0f1e2d3c-4b5a-4968-8776-655443322110', groups: ['system:serviceaccounts', 'system:serviceaccounts:gateway', 'system:authenticated'] },
  impersonatedUser: { username: 'alice', uid: 'alice-uid-1', groups: ['dev', 'system:authenticated'], extra: { scopes: ['view', 'development'] } },
  sourceIPs: ['10.0.3.14'],
  userAgent: 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46',
  objectRef: { resource: 'pods', namespace: 'shop', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 200 },
  requestReceivedTimestamp: '2025-05-12T10:00:00.100000Z',
  stageTimestamp: '2025-05-12T10:00:00.120000Z',
};

/** The same gateway refused: the audit event has no impersonatedUser and the Status says why. */
const REFUSED: AuditEvent = {
  ...AS_ALICE,
  auditID: '5e0c1f7a-2b3d-4e5f-8a9b-0c1d2e3f4a02',
  impersonatedUser: undefined,
  responseStatus: {
    metadata: {},
    status: 'Failure',
    reason: 'Forbidden',
    code: 403,
    message: 'serviceaccounts "deployer" is forbidden: User "system:serviceaccount:gateway:proxy" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "ci"',
  },
  stageTimestamp: '2025-05-12T10:01:00.000000Z',
};

function inputs(...events: AuditEvent[]): AsyncIterable<DetectInput> {
  const list: DetectInput[] = events.map((event, index) => ({ kind: 'k8s-audit', event, file: 'audit.jsonl', line: index + 1 }));
  return {
    [Symbol.asyncIterator]: () => {
      let next = 0;
      return { next: () => Promise.resolve(next < list.length ? { done: false, value: list[next++] as DetectInput } : { done: true, value: undefined }) };
    },
  };
}

async function collect(...events: AuditEvent[]): Promise<ObservedApiRequest[]> {
  const out: ObservedApiRequest[] = [];
  for await (const request of auditToRbacRequests(inputs(...events))) out.push(request);
  return out;
}

describe('impersonation in the audit log', () => {
  it('gives the request to the impersonated user and the impersonate checks to the impersonator', async () => {
    const requests = await collect(AS_ALICE);
    expect(requests.map((request) => [request.user, request.verb, request.apiGroup, request.resource, request.subresource ?? '', request.name ?? ''])).toEqual([
      ['alice', 'list', '', 'pods', '', ''],
      ['system:serviceaccount:gateway:proxy', 'impersonate', '', 'users', '', 'alice'],
      ['system:serviceaccount:gateway:proxy', 'impersonate', '', 'groups', '', 'dev'],
      ['system:serviceaccount:gateway:proxy', 'impersonate', 'authentication.k8s.io', 'uids', '', 'alice-uid-1'],
      ['system:serviceaccount:gateway:proxy', 'impersonate', 'authentication.k8s.io', 'userextras', 'scopes', 'view'],
      ['system:serviceaccount:gateway:proxy', 'impersonate', 'authentication.k8s.io', 'userextras', 'scopes', 'development'],
    ]);
    const proposal = proposeRbac(requests, { kind: 'ServiceAccount', namespace: 'gateway', name: 'proxy' });
    expect(proposal.manifests[0]).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'least-privilege-sa-gateway-proxy' },
      rules: [
        { apiGroups: [''], resources: ['groups'], resourceNames: ['dev'], verbs: ['impersonate'] },
        { apiGroups: [''], resources: ['users'], resourceNames: ['alice'], verbs: ['impersonate'] },
        { apiGroups: ['authentication.k8s.io'], resources: ['uids'], resourceNames: ['alice-uid-1'], verbs: ['impersonate'] },
        { apiGroups: ['authentication.k8s.io'], resources: ['userextras/scopes'], resourceNames: ['development', 'view'], verbs: ['impersonate'] },
      ],
    });
    // The pods were listed as alice, not as the gateway.
    expect(proposal.used.some((use) => use.resource === 'pods')).toBe(false);
  });

  it('checks a service account in its namespace, without the groups the API server adds', () => {
    const requests = impersonationRequestsOf({
      ...AS_ALICE,
      impersonatedUser: { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'] },
    });
    expect(requests).toEqual([
      { user: 'system:serviceaccount:gateway:proxy', groups: AS_ALICE.user.groups, verb: 'impersonate', apiGroup: '', resource: 'serviceaccounts', namespace: 'ci', name: 'deployer', time: '2025-05-12T10:00:00.120000Z' },
    ]);
    expect(impersonationRequestsOf({ ...AS_ALICE, impersonatedUser: undefined })).toEqual([]);
    expect(impersonationRequestsOf({ ...AS_ALICE, stage: 'RequestReceived' })).toEqual([]);
  });

  it('reads a refused impersonation as a denied impersonate, not a denied list', async () => {
    const [denied, ...rest] = await collect(REFUSED);
    expect(rest).toEqual([]);
    expect(denied).toEqual({
      user: 'system:serviceaccount:gateway:proxy',
      groups: AS_ALICE.user.groups,
      verb: 'impersonate',
      apiGroup: '',
      resource: 'serviceaccounts',
      namespace: 'ci',
      name: 'deployer',
      code: 403,
      time: '2025-05-12T10:01:00.000000Z',
      source: 'audit.jsonl:1',
    });
    // Any other 403 stays the request it was.
    const [other] = await collect({ ...REFUSED, responseStatus: { code: 403, message: 'pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "shop"' } });
    expect(other).toMatchObject({ verb: 'list', resource: 'pods', code: 403 });
  });
});
