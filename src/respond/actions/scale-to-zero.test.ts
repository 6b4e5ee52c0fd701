import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scaleToZeroAction } from './scale-to-zero.js';
import { API_POD, alertOn } from './test-support/cluster.js';
import { startActionHarness, withoutVersion, wire, type ActionHarness } from './test-support/harness.js';
import type { PlannedAction } from './types.js';

const DEPLOYMENT = '/apis/apps/v1/namespaces/shop/deployments/api';
const SCALE = `${DEPLOYMENT}/scale`;

describe('scale-to-zero', () => {
  let h: ActionHarness;
  beforeEach(async () => {
    h = await startActionHarness();
  });
  afterEach(() => h.close());
  const spec = { action: 'scale-to-zero' as const, params: {} };

  it('scales the Deployment behind a pod through its scale subresource, and undo restores the replicas', async () => {
    const plan = (await scaleToZeroAction.plan(alertOn({ resource: 'pods', subresource: 'exec', namespace: 'shop', name: API_POD }), spec, h.context)) as PlannedAction;
    expect(wire(h.received())).toEqual([
      { method: 'GET', path: `/api/v1/namespaces/shop/pods/${API_POD}` },
      { method: 'GET', path: '/apis/apps/v1/namespaces/shop/replicasets/api-7c9f8d6b5' },
      { method: 'GET', path: DEPLOYMENT },
      { method: 'GET', path: SCALE },
    ]);
    expect(plan).toMatchObject({
      target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' },
      description: 'scale Deployment shop/api from 3 to 0 replicas',
      facts: { namespace: 'shop', readyReplicasNow: 3, readyReplicasAfter: 0 },
      before: { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'api', namespace: 'shop' }, spec: { replicas: 3 }, status: { replicas: 3, selector: 'app=api' } },
      requests: [{ method: 'PATCH', path: SCALE, contentType: 'application/merge-patch+json', body: { spec: { replicas: 0 } } }],
      undo: [{ method: 'PATCH', path: SCALE, contentType: 'application/merge-patch+json', body: { spec: { replicas: 3 } } }],
    });

    const answer = await scaleToZeroAction.apply(plan, h.context);
    expect(wire(h.received())).toEqual([{ method: 'PATCH', path: SCALE, contentType: 'application/merge-patch+json', body: { spec: { replicas: 0 } } }]);
    expect(answer).toMatchObject({ kind: 'Scale', spec: { replicas: 0 } });
    const deployment = await h.read(DEPLOYMENT);
    expect(deployment).toMatchObject({ spec: { replicas: 0 }, metadata: { generation: 3 } });

    await h.sendAll(plan.undo as never);
    expect(wire(h.received())).toEqual([{ method: 'PATCH', path: SCALE, contentType: 'application/merge-patch+json', body: { spec: { replicas: 3 } } }]);
    expect(withoutVersion(await h.read(SCALE))).toEqual(withoutVersion(plan.before as never));
    expect((await h.read(DEPLOYMENT))?.spec).toMatchObject({ replicas: 3 });
  });

  it('scales a StatefulSet, and a Deployment or ReplicaSet the alert names (a controlled ReplicaSet through its Deployment)', async () => {
    const db = (await scaleToZeroAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: 'db-0' }), spec, h.context)) as PlannedAction;
    expect(db).toMatchObject({ target: { kind: 'StatefulSet', name: 'db' }, facts: { readyReplicasNow: 1, readyReplicasAfter: 0 } });
    await scaleToZeroAction.apply(db, h.context);
    expect((await h.read('/apis/apps/v1/namespaces/shop/statefulsets/db'))?.spec).toMatchObject({ replicas: 0 });
    const named = (await scaleToZeroAction.plan(alertOn({ resource: 'replicasets', apiGroup: 'apps', namespace: 'shop', name: 'api-7c9f8d6b5' }), spec, h.context)) as PlannedAction;
    expect(named.target).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' });
  });

  it('skips bare pods, DaemonSets, workloads already at zero and missing pods', async () => {
    const plan = (name: string) => scaleToZeroAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name }), spec, h.context);
    expect(await plan('debug-shell')).toEqual({ action: 'scale-to-zero', skipped: 'Pod shop/debug-shell has no controller to scale (a bare pod)' });
    expect(await plan('log-agent-7xk2p')).toMatchObject({ skipped: 'DaemonSet shop/log-agent cannot be scaled (only Deployments, StatefulSets and ReplicaSets have replicas)' });
    expect(await plan('missing')).toMatchObject({ skipped: 'Pod shop/missing does not exist (any more)' });
    const first = (await plan(API_POD)) as PlannedAction;
    await scaleToZeroAction.apply(first, h.context);
    expect(await plan(API_POD)).toMatchObject({ skipped: 'Deployment shop/api is already scaled to 0 replicas' });
  });

  it('rejects a scale the server refuses (Invalid) without crashing', async () => {
    await expect(h.client.send({ method: 'PATCH', path: SCALE, contentType: 'application/merge-patch+json', body: { spec: { replicas: -1 } } })).rejects.toMatchObject({
      status: 422,
      reason: 'Invalid',
      message: 'Scale.autoscaling "api" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    });
  });
});
