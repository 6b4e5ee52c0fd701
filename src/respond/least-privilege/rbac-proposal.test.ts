import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ObservedApiRequest } from '../observed.js';
import { proposeRbac } from './rbac-proposal.js';
import { rbacSummary, rbacYaml } from './rbac-render.js';
import { parseSubject, subjectsSeen } from './rbac-subject.js';
import { fixtureRequests } from './test-support/read-fixtures.js';

const API = { kind: 'ServiceAccount', namespace: 'shop', name: 'api' } as const;
const UNTIL_NOON = { until: new Date('2025-05-12T12:00:00Z') };
const RBAC = 'rbac.authorization.k8s.io';

describe('rbac least-privilege proposal from the fixture audit log', () => {
  it('reads the finished requests and reports the cut line', async () => {
    const { requests, stats } = await fixtureRequests();
    // 17 lines: one malformed, one at stage RequestReceived.
    expect(stats.issues.map((issue) => [issue.line, issue.kind])).toEqual([[8, 'json']]);
    expect(requests).toHaveLength(15);
  });

  it('proposes a Role for the namespace and a ClusterRole for nodes and /version', async () => {
    const { requests } = await fixtureRequests();
    const proposal = proposeRbac(requests, API, { window: UNTIL_NOON });
    expect(proposal.requests).toEqual({ total: 13, allowed: 12, denied: 1, outsideWindow: 1 });
    expect(proposal.seen).toEqual({ first: '2025-05-12T10:00:00.501000Z', last: '2025-05-12T11:00:02.003002Z' });
    const name = 'least-privilege-sa-shop-api';
    expect(proposal.manifests).toEqual([
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'ClusterRole',
        metadata: { name },
        rules: [
          { nonResourceURLs: ['/version'], verbs: ['get'] },
          { apiGroups: [''], resources: ['nodes'], resourceNames: ['ip-10-0-21-17.eu-west-1.compute.internal'], verbs: ['get'] },
        ],
      },
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'Role',
        metadata: { name, namespace: 'shop' },
        rules: [
          // The informer's list and watches: never restricted by name.
          { apiGroups: [''], resources: ['configmaps'], verbs: ['list', 'watch'] },
          // A create on a subresource names its pod in the path, so resourceNames apply.
          { apiGroups: [''], resources: ['pods/exec'], resourceNames: ['worker-7f9b8c6d5-zx2lp'], verbs: ['create'] },
          { apiGroups: [''], resources: ['pods/log'], resourceNames: ['worker-7f9b8c6d5-zx2lp'], verbs: ['get'] },
          { apiGroups: [''], resources: ['secrets'], resourceNames: ['db-credentials', 'stripe-token'], verbs: ['get'] },
          { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['api-leader'], verbs: ['get', 'update'] },
        ],
      },
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'ClusterRoleBinding',
        metadata: { name },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name },
        subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }],
      },
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'RoleBinding',
        metadata: { name, namespace: 'shop' },
        roleRef: { apiGroup: RBAC, kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }],
      },
    ]);
    expect(proposal.denied).toEqual([
      {
        namespace: 'shop',
        apiGroup: '',
        resource: 'secrets',
        verbs: [{ verb: 'list', count: 1, first: '2025-05-12T10:10:00.001000Z', last: '2025-05-12T10:10:00.001000Z', names: {}, unnamed: 1 }],
      },
    ]);
  });

  it('writes YAML that parses back to the manifests, with counts and first/last seen as comments', async () => {
    const { requests } = await fixtureRequests();
    const proposal = proposeRbac(requests, API, { window: UNTIL_NOON });
    const yaml = rbacYaml(proposal);
    const documents = yaml.split(/^---$/m).map((text) => parse(text) as unknown);
    expect(documents).toEqual(proposal.manifests);
    expect(yaml).toContain('# secrets: get 3 (db-credentials 2, stripe-token 1)\n');
    expect(yaml).toContain('# first 2025-05-12T10:00:02.004511Z, last 2025-05-12T11:00:02.003002Z\n');
    expect(yaml).toContain('# configmaps: list 1, watch 2\n');
    expect(rbacSummary(proposal)).toContain('Denied (403), not in the proposal:\n  list 1 secrets in shop (last 2025-05-12T10:10:00.001000Z)\n');
  });

  it('adds list to a watch seen alone, and says why', async () => {
    const { requests } = await fixtureRequests();
    const proposal = proposeRbac(requests, API, { window: { since: new Date('2025-05-12T10:05:00Z'), until: new Date('2025-05-12T10:30:00Z') } });
    const role = proposal.roles.find((entry) => entry.kind === 'Role');
    const configmaps = role?.rules.find((rule) => rule.label === 'configmaps');
    expect(configmaps?.rule.verbs).toEqual(['list', 'watch']);
    expect(configmaps?.added.map((added) => added.verb)).toEqual(['list']);
    expect(rbacYaml(proposal)).toContain('# list not seen, added: watchers (informers) list before they watch');
  });

  it('names no objects once more were touched than the limit', async () => {
    const { requests } = await fixtureRequests();
    const proposal = proposeRbac(requests, API, { window: UNTIL_NOON, maxResourceNames: 1 });
    const secrets = proposal.roles.flatMap((role) => role.rules).find((rule) => rule.label === 'secrets');
    expect(secrets?.rule).toEqual({ apiGroups: [''], resources: ['secrets'], verbs: ['get'] });
  });

  it('lists the subjects seen, most active first', async () => {
    const { requests } = await fixtureRequests();
    expect(subjectsSeen(requests)).toEqual([
      { user: 'system:serviceaccount:shop:api', requests: 14, denied: 1, first: '2025-05-12T10:00:00.501000Z', last: '2025-05-12T12:30:00.009000Z' },
      { user: 'system:serviceaccount:kube-system:replicaset-controller', requests: 1, denied: 0, first: '2025-05-12T10:02:00.009000Z', last: '2025-05-12T10:02:00.009000Z' },
    ]);
  });

  it('proposes for a group from every member, bound to the group', async () => {
    const { requests } = await fixtureRequests();
    const proposal = proposeRbac(requests, { kind: 'Group', name: 'system:serviceaccounts:kube-system' });
    expect(proposal.requests.total).toBe(1);
    expect(proposal.manifests[1]).toMatchObject({
      kind: 'RoleBinding',
      metadata: { name: 'least-privilege-group-system-serviceaccounts-kube-system', namespace: 'shop' },
      subjects: [{ apiGroup: RBAC, kind: 'Group', name: 'system:serviceaccounts:kube-system' }],
    });
  });

  it('says so when the subject made no request', () => {
    const proposal = proposeRbac([], { kind: 'User', name: 'nobody' });
    expect(proposal.manifests).toEqual([]);
    expect(rbacYaml(proposal)).toMatch(/^# .*made no allowed request/);
  });

  it('adds create to a WebSocket exec seen as get, which Kubernetes 1.35 also checks', () => {
    const exec: ObservedApiRequest = {
      user: 'u', groups: [], verb: 'get', apiGroup: '', resource: 'pods', subresource: 'exec', namespace: 'shop', name: 'web-0', code: 101, time: '2025-05-12T10:00:00Z',
    };
    const log: ObservedApiRequest = { ...exec, subresource: 'log', code: 200 };
    const proposal = proposeRbac([exec, log], { kind: 'User', name: 'u' });
    expect(proposal.manifests[0]).toMatchObject({
      kind: 'Role',
      rules: [
        { apiGroups: [''], resources: ['pods/exec'], resourceNames: ['web-0'], verbs: ['create', 'get'] },
        // pods/log is no WebSocket upgrade: get alone.
        { apiGroups: [''], resources: ['pods/log'], resourceNames: ['web-0'], verbs: ['get'] },
      ],
    });
    expect(rbacYaml(proposal)).toContain('# create not seen, added: a WebSocket pods/exec (audit verb get) also needs create from Kubernetes 1.35');
  });

  it('keeps control characters of log text out of the terminal summary', () => {
    const request: ObservedApiRequest = { user: 'u', groups: [], verb: 'list\u001b[2J', apiGroup: '', resource: 'secrets', namespace: 'ns\u001b]0;x\u0007', code: 403, time: '2025-05-12T10:00:00Z\r' };
    const summary = rbacSummary(proposeRbac([request], { kind: 'User', name: 'u' }));
    // eslint-disable-next-line no-control-regex
    expect(summary).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(summary).toContain('list?[2J 1 secrets in ns?]0;x? (last 2025-05-12T10:00:00Z?)');
  });

  it('keeps control characters of log text out of comments', () => {
    const request: ObservedApiRequest = { user: 'u', groups: [], verb: 'get', apiGroup: '', resource: '', nonResourceURL: '/x\nkind: Secret', code: 200, time: '2025-05-12T10:00:00Z' };
    const yaml = rbacYaml(proposeRbac([request], { kind: 'User', name: 'u' }));
    expect(yaml).toContain('# /x?kind: Secret: get 1');
    expect(yaml).not.toMatch(/^kind: Secret/m);
  });
});

describe('parseSubject', () => {
  it('reads every way of naming a subject', () => {
    expect(parseSubject('system:serviceaccount:shop:api')).toEqual({ kind: 'ServiceAccount', namespace: 'shop', name: 'api' });
    expect(parseSubject('ServiceAccount:shop/api')).toEqual({ kind: 'ServiceAccount', namespace: 'shop', name: 'api' });
    expect(parseSubject('Group:devs')).toEqual({ kind: 'Group', name: 'devs' });
    expect(parseSubject('arn:aws:sts::111122223333:assumed-role/Admin/alice')).toEqual({ kind: 'User', name: 'arn:aws:sts::111122223333:assumed-role/Admin/alice' });
    expect(parseSubject('system:serviceaccount:shop')).toMatch(/write system:serviceaccount:NAMESPACE:NAME/);
    expect(parseSubject(' ')).toBe('the subject is empty');
  });
});
