import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionCluster } from '../../../src/respond/actions/test-support/cluster.js';
import { startFakeKube, type FakeKube } from './server.js';

/** The fake's writes answer as kube-apiserver does: these pin the shapes the response actions rely on. */
describe('fake Kubernetes API server writes', () => {
  let fake: FakeKube;
  beforeEach(async () => {
    fake = await startFakeKube({ objects: actionCluster() });
  });
  afterEach(() => fake.close());
  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${fake.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': contentType },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const POD = '/api/v1/namespaces/shop/pods/db-0';
  const POLICIES = '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies';
  const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } };

  it('serves one object with apiVersion and kind, and 404 with a NotFound Status naming it', async () => {
    expect((await call('GET', POD)).body).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db-0', namespace: 'shop' } });
    expect(await call('GET', '/apis/apps/v1/namespaces/shop/deployments/nope')).toEqual({
      status: 404,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'deployments.apps "nope" not found', reason: 'NotFound', details: { name: 'nope', group: 'apps', kind: 'deployments' }, code: 404 },
    });
  });

  it('creates with server fields (201), refuses a second create (409), and lists the new object', async () => {
    const created = await call('POST', POLICIES, policy);
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ name: 'deny', namespace: 'shop', uid: expect.stringMatching(/^[0-9a-f-]{36}$/), resourceVersion: expect.any(String), creationTimestamp: expect.stringMatching(/Z$/), generation: 1 });
    expect(await call('POST', POLICIES, policy)).toMatchObject({ status: 409, body: { reason: 'AlreadyExists', message: 'networkpolicies.networking.k8s.io "deny" already exists', details: { name: 'deny', group: 'networking.k8s.io', kind: 'networkpolicies' } } });
    const list = (await call('GET', POLICIES)).body;
    expect((list.items as Array<{ metadata: { name: string } }>).map((item) => item.metadata.name)).toEqual(['allow-web-to-api', 'deny']);
    expect(Number((list.metadata as { resourceVersion: string }).resourceVersion)).toBe(Number((created.body.metadata as { resourceVersion: string }).resourceVersion));
    expect(await call('POST', '/apis/networking.k8s.io/v1/namespaces/ghost/networkpolicies', policy)).toMatchObject({ status: 404, body: { message: 'namespaces "ghost" not found' } });
    expect(await call('POST', POLICIES, { ...policy, metadata: { name: 'Bad_Name' } })).toMatchObject({ status: 422, body: { reason: 'Invalid' } });
  });

  it('honours dryRun=All: answers as if done, stores nothing', async () => {
    expect((await call('POST', `${POLICIES}?dryRun=All`, policy)).status).toBe(201);
    expect((await call('GET', `${POLICIES}/deny`)).status).toBe(404);
    expect((await call('PATCH', `${POD}?dryRun=All`, { metadata: { labels: { x: 'y' } } }, 'application/merge-patch+json')).body).toMatchObject({ metadata: { labels: { x: 'y' } } });
    expect((await call('GET', POD)).body).not.toHaveProperty('metadata.labels.x');
    expect((await call('DELETE', `${POD}?dryRun=All`)).status).toBe(200);
    expect((await call('GET', POD)).status).toBe(200);
    expect(fake.requests.find((request) => request.query.dryRun === 'All')).toMatchObject({ method: 'POST', contentType: 'application/json', body: policy });
  });

  it('patches with the three patch types, bumps resourceVersion only on a change, and refuses others with 415', async () => {
    const before = (await call('GET', POD)).body as { metadata: { resourceVersion: string } };
    const json = await call('PATCH', POD, [{ op: 'add', path: '/metadata/labels/a~1b', value: '1' }], 'application/json-patch+json');
    expect(json.body).toMatchObject({ metadata: { labels: { 'a/b': '1' } } });
    const version = (json.body.metadata as { resourceVersion: string }).resourceVersion;
    expect(Number(version)).toBeGreaterThan(Number(before.metadata.resourceVersion));
    const merge = await call('PATCH', POD, { metadata: { labels: { 'a/b': null } } }, 'application/merge-patch+json');
    expect(merge.body).not.toHaveProperty(['metadata', 'labels', 'a/b']);
    const strategic = await call('PATCH', '/api/v1/nodes/ip-10-0-1-17.eu-west-1.compute.internal', { spec: { unschedulable: true } }, 'application/strategic-merge-patch+json');
    expect(strategic.body).toMatchObject({ spec: { unschedulable: true, providerID: expect.any(String) } });
    const again = await call('PATCH', '/api/v1/nodes/ip-10-0-1-17.eu-west-1.compute.internal', { spec: { unschedulable: true } }, 'application/strategic-merge-patch+json');
    expect((again.body.metadata as { resourceVersion: string }).resourceVersion).toBe((strategic.body.metadata as { resourceVersion: string }).resourceVersion);
    expect(await call('PATCH', POD, { metadata: {} }, 'application/apply-patch+yaml')).toMatchObject({ status: 415, body: { reason: 'UnsupportedMediaType' } });
    expect(await call('PATCH', POD, { metadata: {} }, 'application/json')).toMatchObject({ status: 415 });
  });

  it('fails a JSON patch whose test fails with 422 Invalid, and a stale resourceVersion with 409 Conflict', async () => {
    expect(await call('PATCH', POD, [{ op: 'test', path: '/metadata/labels/app', value: 'web' }, { op: 'remove', path: '/metadata/labels/app' }], 'application/json-patch+json')).toEqual({
      status: 422,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server rejected our request due to an error in our request', reason: 'Invalid', details: {}, code: 422 },
    });
    expect(await call('PATCH', POD, { metadata: { resourceVersion: '1', labels: { a: 'b' } } }, 'application/merge-patch+json')).toMatchObject({
      status: 409,
      body: { reason: 'Conflict', message: 'Operation cannot be fulfilled on pods "db-0": the object has been modified; please apply your changes to the latest version and try again' },
    });
    expect((await call('GET', POD)).body).toHaveProperty('metadata.labels.app', 'db');
  });

  it('deletes: a pod answers with the object, a binding with a Success Status; a wrong uid precondition is a Conflict', async () => {
    expect((await call('DELETE', POD)).body).toMatchObject({ kind: 'Pod', metadata: { name: 'db-0' } });
    expect((await call('GET', '/api/v1/namespaces/shop/pods')).body.items).not.toContainEqual(expect.objectContaining({ metadata: expect.objectContaining({ name: 'db-0' }) }));
    const binding = '/apis/rbac.authorization.k8s.io/v1/namespaces/shop/rolebindings/backdoor-admin';
    expect(await call('DELETE', binding, { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'not-it' } })).toMatchObject({ status: 409, body: { reason: 'Conflict' } });
    expect((await call('DELETE', binding)).body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'backdoor-admin', kind: 'rolebindings' } });
    expect((await call('DELETE', binding)).status).toBe(404);
  });

  it('serves the scale subresource of workloads, and only of them', async () => {
    const scale = '/apis/apps/v1/namespaces/shop/statefulsets/db/scale';
    expect((await call('GET', scale)).body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 1 }, status: { replicas: 1, selector: 'app=db' } });
    expect((await call('PATCH', scale, [{ op: 'replace', path: '/spec/replicas', value: 2 }], 'application/json-patch+json')).body).toMatchObject({ spec: { replicas: 2 } });
    expect((await call('GET', '/apis/apps/v1/namespaces/shop/statefulsets/db')).body).toMatchObject({ spec: { replicas: 2 }, metadata: { generation: 2 } });
    expect((await call('GET', '/apis/apps/v1/namespaces/shop/daemonsets/log-agent/scale')).status).toBe(404);
  });
});
