import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { annotateAction } from './annotate.js';
import { labelAction } from './label.js';
import { escapePointer } from './metadata-patch.js';
import { API_POD, alertOn } from './test-support/cluster.js';
import { startActionHarness, withoutVersion, wire, type ActionHarness } from './test-support/harness.js';
import { KubeRequestError, type PlannedAction } from './types.js';

const POD_PATH = `/api/v1/namespaces/shop/pods/${API_POD}`;

describe('label and annotate', () => {
  let h: ActionHarness;
  beforeEach(async () => {
    h = await startActionHarness();
  });
  afterEach(() => h.close());

  it('plans with one GET, applies a JSON patch with the uid test, and undoes to the pod as it was', async () => {
    const alert = alertOn({ resource: 'pods', subresource: 'exec', namespace: 'shop', name: API_POD });
    const spec = { action: 'label' as const, params: { labels: { 'security.example.com/suspect': 'true', app: 'api' } } };
    const plan = (await labelAction.plan(alert, spec, h.context)) as PlannedAction;
    expect(wire(h.received())).toEqual([{ method: 'GET', path: POD_PATH }]);
    const before = plan.before as { metadata: { uid: string } };
    expect(plan).toMatchObject({ action: 'label', target: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: API_POD }, facts: { namespace: 'shop' } });
    // app=api is already there: only the new key is written, its slash escaped as ~1.
    expect(plan.description).toBe(`label Pod shop/${API_POD} with security.example.com/suspect=true`);
    const body = [
      { op: 'test', path: '/metadata/uid', value: before.metadata.uid },
      { op: 'add', path: '/metadata/labels/security.example.com~1suspect', value: 'true' },
    ];
    expect(plan.requests).toEqual([{ method: 'PATCH', path: POD_PATH, contentType: 'application/json-patch+json', body }]);

    await labelAction.apply(plan, h.context);
    expect(wire(h.received())).toEqual([{ method: 'PATCH', path: POD_PATH, contentType: 'application/json-patch+json', body }]);
    const after = await h.read(POD_PATH);
    expect(after?.metadata?.labels).toEqual({ app: 'api', 'pod-template-hash': '7c9f8d6b5', 'security.example.com/suspect': 'true' });
    expect(after?.metadata?.resourceVersion).not.toBe((plan.before as { metadata: { resourceVersion: string } }).metadata.resourceVersion);

    await h.sendAll(plan.undo as never);
    expect(wire(h.received())).toEqual([
      {
        method: 'PATCH',
        path: POD_PATH,
        contentType: 'application/json-patch+json',
        body: [
          { op: 'test', path: '/metadata/uid', value: before.metadata.uid },
          { op: 'test', path: '/metadata/labels/security.example.com~1suspect', value: 'true' },
          { op: 'remove', path: '/metadata/labels/security.example.com~1suspect' },
        ],
      },
    ]);
    expect(withoutVersion(await h.read(POD_PATH))).toEqual(withoutVersion(plan.before as never));
  });

  it('creates the map on a pod without annotations, and restores a changed value', async () => {
    const alert = alertOn({ resource: 'pods', namespace: 'shop', name: 'debug-shell' });
    const path = '/api/v1/namespaces/shop/pods/debug-shell';
    const spec = { action: 'annotate' as const, params: { annotations: { 'eksguard.io/alert': 'k8s-exec-into-pod', 'ops-note': 'under investigation' } } };
    const plan = (await annotateAction.plan(alert, spec, h.context)) as PlannedAction;
    const uid = (plan.before as { metadata: { uid: string } }).metadata.uid;
    expect(plan.requests[0]!.body).toEqual([
      { op: 'test', path: '/metadata/uid', value: uid },
      { op: 'add', path: '/metadata/annotations', value: { 'eksguard.io/alert': 'k8s-exec-into-pod', 'ops-note': 'under investigation' } },
    ]);
    await annotateAction.apply(plan, h.context);
    expect((await h.read(path))?.metadata?.annotations).toEqual({ 'eksguard.io/alert': 'k8s-exec-into-pod', 'ops-note': 'under investigation' });
    expect((plan.undo as Array<{ body: unknown }>)[0]!.body).toContainEqual({ op: 'remove', path: '/metadata/annotations/eksguard.io~1alert' });
    await h.sendAll(plan.undo as never);
    // The emptied map is not served (omitempty), so the pod is exactly as before.
    expect(withoutVersion(await h.read(path))).toEqual(withoutVersion(plan.before as never));

    // A key that had another value gets that value back.
    const relabel = (await labelAction.plan(alert, { action: 'label', params: { labels: { app: 'quarantined' } } }, h.context)) as PlannedAction;
    await labelAction.apply(relabel, h.context);
    const changed = (await labelAction.plan(alert, { action: 'label', params: { labels: { app: 'suspect' } } }, h.context)) as PlannedAction;
    expect((changed.undo as Array<{ body: unknown }>)[0]!.body).toContainEqual({ op: 'replace', path: '/metadata/labels/app', value: 'quarantined' });
  });

  it('undo refuses to clobber a value changed since (the test op fails with 422 Invalid)', async () => {
    const alert = alertOn({ resource: 'pods', namespace: 'shop', name: API_POD });
    const plan = (await labelAction.plan(alert, { action: 'label', params: { labels: { suspect: 'yes' } } }, h.context)) as PlannedAction;
    await labelAction.apply(plan, h.context);
    await h.client.send({ method: 'PATCH', path: POD_PATH, contentType: 'application/merge-patch+json', body: { metadata: { labels: { suspect: 'confirmed' } } } });
    const failure = await h.sendAll(plan.undo as never).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KubeRequestError);
    expect(failure).toMatchObject({ status: 422, reason: 'Invalid', request: { method: 'PATCH', path: POD_PATH } });
    expect((await h.read(POD_PATH))?.metadata?.labels?.suspect).toBe('confirmed');
  });

  it('apply fails with 422 when the pod was replaced by one of the same name after planning', async () => {
    const alert = alertOn({ resource: 'pods', namespace: 'shop', name: 'db-0' });
    const plan = (await labelAction.plan(alert, { action: 'label', params: { labels: { suspect: 'yes' } } }, h.context)) as PlannedAction;
    const pod = (await h.read('/api/v1/namespaces/shop/pods/db-0'))!;
    await h.client.send({ method: 'DELETE', path: '/api/v1/namespaces/shop/pods/db-0' });
    const { uid: _uid, resourceVersion: _rv, creationTimestamp: _ts, ...metadata } = pod.metadata!;
    await h.client.send({ method: 'POST', path: '/api/v1/namespaces/shop/pods', body: { ...pod, metadata } });
    await expect(labelAction.apply(plan, h.context)).rejects.toMatchObject({ status: 422, reason: 'Invalid' });
    expect((await h.read('/api/v1/namespaces/shop/pods/db-0'))?.metadata?.labels?.suspect).toBeUndefined();
  });

  it('skips what is not a pod, a pod that is gone, hostile names, and labels already set', async () => {
    const plan = (object: Parameters<typeof alertOn>[0], labels: Record<string, string> = { suspect: 'yes' }) =>
      labelAction.plan(alertOn(object), { action: 'label', params: { labels } }, h.context);
    expect(await plan({ resource: 'deployments', apiGroup: 'apps', namespace: 'shop', name: 'api' })).toEqual({
      action: 'label',
      skipped: 'the alert names no pod (it names deployments "shop"/"api")',
    });
    expect(await plan({ resource: 'pods', namespace: 'shop', name: 'gone-pod' })).toMatchObject({ skipped: 'Pod shop/gone-pod does not exist (any more)' });
    expect(await plan({ resource: 'pods', namespace: 'shop', name: '../../../apis/rbac.authorization.k8s.io' })).toMatchObject({
      skipped: 'the alert\'s pod name "../../../apis/rbac.authorization.k8s.io" is not a valid pod name',
    });
    expect(await plan({ resource: 'pods', namespace: 'shop\nkube-system', name: 'x' })).toMatchObject({ skipped: 'the alert\'s namespace "shop\\nkube-system" is not a valid namespace name' });
    expect(await plan({ resource: 'pods', name: 'x' })).toMatchObject({ skipped: 'the alert names pods "x" without a namespace' });
    expect(await plan({ resource: 'pods', namespace: 'shop', name: API_POD }, { app: 'api' })).toMatchObject({ skipped: `Pod shop/${API_POD} already has these labels` });
    // Only the gone pod and the already-labelled pod were read: hostile names never reached the server.
    expect(wire(h.received()).map((request) => request.path)).toEqual(['/api/v1/namespaces/shop/pods/gone-pod', POD_PATH]);
  });

  it('escapes JSON Pointer segments as RFC 6901 says (~ first, then /)', () => {
    expect(escapePointer('a~1/b~')).toBe('a~01~1b~0');
  });

  it('validates label and annotation settings', () => {
    expect(labelAction.validate({ labels: { ok: 'fine', 'bad key': 'x', 'example.com/': 'y', 'Example.com/k': 'z', long: 'v'.repeat(64), 'ops~note': 'x', flag: true } })).toEqual([
      'labels."bad key": invalid key: the name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and start and end with an alphanumeric character',
      'labels."example.com/": invalid key: the name part must not be empty',
      'labels."Example.com/k": invalid key: the prefix before "/" must be a lowercase DNS subdomain (example.com)',
      'labels."long": invalid value: must be no more than 63 characters',
      'labels."ops~note": invalid key: the name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and start and end with an alphanumeric character',
      'labels."flag": the value must be a string (quote it in YAML)',
    ]);
    expect(labelAction.validate({})).toEqual(['labels: required']);
    expect(labelAction.validate({ labels: {}, annotations: { a: 'b' } })).toEqual(['labels: must name at least one key', 'annotations: unknown setting for label (it takes labels)']);
    expect(annotateAction.validate({ annotations: { 'eksguard.io/why': 'any text: spaces, UPPER, / and all' } })).toEqual([]);
    expect(annotateAction.validate({ annotations: { big: 'x'.repeat(256 * 1024) } })).toEqual(['annotations: together they must be no more than 256 KiB']);
  });
});
