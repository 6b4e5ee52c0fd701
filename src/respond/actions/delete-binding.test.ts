import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteBindingAction } from './delete-binding.js';
import { alertOn } from './test-support/cluster.js';
import { startActionHarness, wire, type ActionHarness } from './test-support/harness.js';
import { KubeRequestError, type PlannedAction } from './types.js';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const BINDING = `${RBAC}/namespaces/shop/rolebindings/backdoor-admin`;

/** What a recreated binding must equal: the object minus what the server sets. */
function content(object: unknown): unknown {
  const { metadata, ...rest } = object as { metadata: Record<string, unknown> };
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, managedFields: _m, ...kept } = metadata;
  return { ...rest, metadata: kept };
}

describe('delete-binding', () => {
  let h: ActionHarness;
  beforeEach(async () => {
    h = await startActionHarness();
  });
  afterEach(() => h.close());
  const spec = { action: 'delete-binding' as const, params: {} };
  const alert = alertOn({ resource: 'rolebindings', apiGroup: 'rbac.authorization.k8s.io', namespace: 'shop', name: 'backdoor-admin' }, 'k8s-rbac-binding-to-admin');

  it('deletes with the uid precondition, and undo creates the binding again as it was', async () => {
    const plan = (await deleteBindingAction.plan(alert, spec, h.context)) as PlannedAction;
    expect(wire(h.received())).toEqual([{ method: 'GET', path: BINDING }]);
    const uid = (plan.before as { metadata: { uid: string } }).metadata.uid;
    expect(plan).toMatchObject({
      target: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', namespace: 'shop', name: 'backdoor-admin' },
      description: 'delete RoleBinding shop/backdoor-admin (binds ClusterRole admin to User mallory)',
      facts: { namespace: 'shop' },
    });
    const deleteRequest = { method: 'DELETE', path: BINDING, contentType: 'application/json', body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid } } };
    expect(plan.requests).toEqual([deleteRequest]);
    const recreate = (plan.undo as Array<{ method: string; path: string; body: { metadata: Record<string, unknown> } }>)[0]!;
    expect(recreate).toMatchObject({ method: 'POST', path: `${RBAC}/namespaces/shop/rolebindings`, contentType: 'application/json' });
    expect(Object.keys(recreate.body.metadata).sort()).toEqual(['name', 'namespace']);

    const answer = await deleteBindingAction.apply(plan, h.context);
    expect(wire(h.received())).toEqual([deleteRequest]);
    expect(answer).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'backdoor-admin', group: 'rbac.authorization.k8s.io', kind: 'rolebindings', uid } });
    expect(await h.read(BINDING)).toBeUndefined();

    await h.sendAll(plan.undo as never);
    expect(wire(h.received())).toEqual([{ method: 'POST', path: `${RBAC}/namespaces/shop/rolebindings`, contentType: 'application/json', body: recreate.body }]);
    const back = await h.read(BINDING);
    expect(content(back)).toEqual(content(plan.before));
    expect(back?.metadata?.uid).not.toBe(uid);
  });

  it('reports a binding replaced between plan and apply (409 Conflict from the precondition) and leaves it', async () => {
    const plan = (await deleteBindingAction.plan(alert, spec, h.context)) as PlannedAction;
    await h.client.send({ method: 'DELETE', path: BINDING });
    await h.client.send((plan.undo as never[])[0]!);
    const failure = await deleteBindingAction.apply(plan, h.context).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KubeRequestError);
    expect(failure).toMatchObject({ status: 409, reason: 'Conflict', request: { method: 'DELETE', path: BINDING } });
    expect((failure as Error).message).toMatch(/^Operation cannot be fulfilled on rolebindings.rbac.authorization.k8s.io "backdoor-admin": .*Precondition failed: UID in precondition/);
    expect(await h.read(BINDING)).toBeDefined();
  });

  it('undo of a ClusterRoleBinding recreates it; a second undo fails with 409 AlreadyExists', async () => {
    const plan = (await deleteBindingAction.plan(alertOn({ resource: 'clusterrolebindings', name: 'backdoor-cluster-admin' }), spec, h.context)) as PlannedAction;
    expect(plan.facts).toEqual({});
    await deleteBindingAction.apply(plan, h.context);
    await h.sendAll(plan.undo as never);
    expect(content(await h.read(`${RBAC}/clusterrolebindings/backdoor-cluster-admin`))).toEqual(content(plan.before));
    await expect(h.sendAll(plan.undo as never)).rejects.toMatchObject({ status: 409, reason: 'AlreadyExists' });
  });

  it('names the namespaces of the service accounts a binding grants to, for the namespace guardrails', async () => {
    const crb = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'aws-node' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'aws-node' },
      subjects: [
        { kind: 'ServiceAccount', name: 'aws-node', namespace: 'kube-system' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccounts:monitoring' },
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
        { kind: 'ServiceAccount', name: 'x', namespace: 'kube-system' },
      ],
    };
    await h.client.send({ method: 'POST', path: `${RBAC}/clusterrolebindings`, contentType: 'application/json', body: crb });
    const plan = (await deleteBindingAction.plan(alertOn({ resource: 'clusterrolebindings', name: 'aws-node' }), spec, h.context)) as PlannedAction;
    expect(plan.facts).toEqual({ affectedNamespaces: ['kube-system', 'monitoring'] });
    const rolebinding = (await deleteBindingAction.plan(alert, spec, h.context)) as PlannedAction;
    expect(rolebinding.facts).toEqual({ namespace: 'shop' });
  });

  it('refuses platform bindings and skips missing ones and alerts that name no binding', async () => {
    const plan = (object: Parameters<typeof alertOn>[0]) => deleteBindingAction.plan(alertOn(object), spec, h.context);
    expect(await plan({ resource: 'clusterrolebindings', name: 'system:basic-user' })).toMatchObject({ skipped: 'ClusterRoleBinding system:basic-user is not deleted: its name starts with system: (a Kubernetes binding)' });
    expect(await plan({ resource: 'clusterrolebindings', name: 'eks:addon-manager' })).toMatchObject({ skipped: 'ClusterRoleBinding eks:addon-manager is not deleted: its name starts with eks: (a binding EKS manages)' });
    expect(await plan({ resource: 'rolebindings', namespace: 'shop', name: 'gone' })).toMatchObject({ skipped: 'RoleBinding shop/gone does not exist (any more)' });
    expect(await plan({ resource: 'rolebindings', namespace: 'shop', name: '..' })).toMatchObject({ skipped: 'the alert\'s binding name ".." is not a valid name' });
    expect(await plan({ resource: 'pods', namespace: 'shop', name: 'x' })).toMatchObject({ skipped: 'the alert names no RoleBinding or ClusterRoleBinding (it names pods "shop"/"x")' });
    expect(h.received().filter((request) => request.method !== 'GET')).toEqual([]);
  });
});
