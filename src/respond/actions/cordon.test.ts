import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cordonAction } from './cordon.js';
import { API_POD, CORDONED_NODE, NODE, alertOn } from './test-support/cluster.js';
import { startActionHarness, withoutVersion, wire, type ActionHarness } from './test-support/harness.js';
import type { PlannedAction } from './types.js';

const NODE_PATH = `/api/v1/nodes/${NODE}`;

describe('cordon', () => {
  let h: ActionHarness;
  beforeEach(async () => {
    h = await startActionHarness();
  });
  afterEach(() => h.close());
  const spec = { action: 'cordon' as const, params: {} };

  it("cordons the pod's node with a strategic merge patch, and undo uncordons it", async () => {
    const plan = (await cordonAction.plan(alertOn({ resource: 'pods', subresource: 'exec', namespace: 'shop', name: API_POD }), spec, h.context)) as PlannedAction;
    expect(wire(h.received())).toEqual([
      { method: 'GET', path: `/api/v1/namespaces/shop/pods/${API_POD}` },
      { method: 'GET', path: NODE_PATH },
    ]);
    expect(plan).toMatchObject({
      target: { apiVersion: 'v1', kind: 'Node', name: NODE },
      facts: {},
      requests: [{ method: 'PATCH', path: NODE_PATH, contentType: 'application/strategic-merge-patch+json', body: { spec: { unschedulable: true } } }],
      undo: [{ method: 'PATCH', path: NODE_PATH, contentType: 'application/strategic-merge-patch+json', body: { spec: { unschedulable: null } } }],
    });
    await cordonAction.apply(plan, h.context);
    expect(wire(h.received())).toEqual([{ method: 'PATCH', path: NODE_PATH, contentType: 'application/strategic-merge-patch+json', body: { spec: { unschedulable: true } } }]);
    expect((await h.read(NODE_PATH))?.spec).toMatchObject({ unschedulable: true });
    await h.sendAll(plan.undo as never);
    expect(withoutVersion(await h.read(NODE_PATH))).toEqual(withoutVersion(plan.before as never));
  });

  it('cordons a node the alert names; skips a node already cordoned so no undo can uncordon it', async () => {
    const named = (await cordonAction.plan(alertOn({ resource: 'nodes', subresource: 'proxy', name: NODE }), spec, h.context)) as PlannedAction;
    expect(named.target.name).toBe(NODE);
    expect(await cordonAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: 'debug-shell' }), spec, h.context)).toEqual({
      action: 'cordon',
      skipped: `Node ${CORDONED_NODE} is already cordoned (left as it is)`,
      target: { apiVersion: 'v1', kind: 'Node', name: CORDONED_NODE },
    });
    expect(h.received().filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('skips unscheduled pods, unknown nodes, and alerts that name neither', async () => {
    expect(await cordonAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: 'pending' }), spec, h.context)).toMatchObject({ skipped: 'Pod shop/pending is not scheduled on a node' });
    expect(await cordonAction.plan(alertOn({ resource: 'nodes', name: 'ip-10-9-9-9.ec2.internal' }), spec, h.context)).toMatchObject({ skipped: 'Node ip-10-9-9-9.ec2.internal does not exist (any more)' });
    expect(await cordonAction.plan(alertOn({ resource: 'nodes', name: 'a/../../b' }), spec, h.context)).toMatchObject({ skipped: 'the alert\'s node name "a/../../b" is not a valid node name' });
    expect(await cordonAction.plan(alertOn({ resource: 'secrets', namespace: 'shop', name: 'db' }), spec, h.context)).toMatchObject({
      skipped: 'the alert names no pod (it names secrets "shop"/"db"), and no node',
    });
  });
});
