import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quarantineAction } from './quarantine.js';
import { API_POD, alertOn } from './test-support/cluster.js';
import { ACTION_ID, startActionHarness, withoutVersion, wire, type ActionHarness } from './test-support/harness.js';
import { KubeRequestError, type PlannedAction } from './types.js';

const POD_PATH = `/api/v1/namespaces/shop/pods/${API_POD}`;
const POLICIES = '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies';
const POLICY_NAME = `eksguard-quarantine-${ACTION_ID}`;

describe('quarantine', () => {
  let h: ActionHarness;
  beforeEach(async () => {
    h = await startActionHarness();
  });
  afterEach(() => h.close());
  const spec = { action: 'quarantine' as const, params: {} };

  it('plans with GETs only: the pod, its owners for the facts, the policies that still allow traffic', async () => {
    const plan = (await quarantineAction.plan(alertOn({ resource: 'pods', subresource: 'exec', namespace: 'shop', name: API_POD }), spec, h.context)) as PlannedAction;
    expect(wire(h.received())).toEqual([
      { method: 'GET', path: POD_PATH },
      { method: 'GET', path: POLICIES },
      { method: 'GET', path: '/apis/apps/v1/namespaces/shop/replicasets/api-7c9f8d6b5' },
      { method: 'GET', path: '/apis/apps/v1/namespaces/shop/deployments/api' },
      { method: 'GET', path: '/api/v1/namespaces/shop/pods?labelSelector=eksguard.io%2Fquarantine' },
    ]);
    // The Deployment has 3 ready pods; this one is ready, so one fewer after.
    expect(plan.facts).toEqual({ namespace: 'shop', readyReplicasNow: 3, readyReplicasAfter: 2 });
    expect(plan.description).toBe(
      `quarantine Pod shop/${API_POD}: NetworkPolicy ${POLICY_NAME} denies all its ingress and egress; NetworkPolicies add up, and allow-web-to-api still allows some of its traffic`,
    );
    const uid = (plan.before as { metadata: { uid: string } }).metadata.uid;
    expect(plan.requests).toEqual([
      {
        method: 'POST',
        path: POLICIES,
        contentType: 'application/json',
        body: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: {
            name: POLICY_NAME,
            namespace: 'shop',
            labels: { 'app.kubernetes.io/managed-by': 'eksguard', 'eksguard.io/quarantine': ACTION_ID },
            annotations: { 'eksguard.io/quarantined-pod': API_POD, 'eksguard.io/alert-rule': 'k8s-exec-into-pod' },
          },
          spec: { podSelector: { matchLabels: { 'eksguard.io/quarantine': ACTION_ID } }, policyTypes: ['Ingress', 'Egress'] },
        },
      },
      {
        method: 'PATCH',
        path: POD_PATH,
        contentType: 'application/json-patch+json',
        body: [
          { op: 'test', path: '/metadata/uid', value: uid },
          { op: 'add', path: '/metadata/labels/eksguard.io~1quarantine', value: ACTION_ID },
        ],
      },
    ]);
  });

  it('applies: the policy is created and the pod labelled; undo deletes the policy and the label', async () => {
    const plan = (await quarantineAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: API_POD }), spec, h.context)) as PlannedAction;
    h.received();
    const answers = (await quarantineAction.apply(plan, h.context)) as Array<Record<string, { uid?: string; labels?: Record<string, string> }>>;
    expect(wire(h.received())).toEqual(plan.requests.map(({ method, path, contentType, body }) => ({ method, path, contentType, body })));
    expect(answers[0]!.metadata!.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(answers[1]!.metadata!.labels).toMatchObject({ 'eksguard.io/quarantine': ACTION_ID });
    const policy = await h.read(`${POLICIES}/${POLICY_NAME}`);
    expect(policy).toMatchObject({ kind: 'NetworkPolicy', metadata: { generation: 1, resourceVersion: expect.any(String) }, spec: { policyTypes: ['Ingress', 'Egress'] } });
    expect(policy?.spec).not.toHaveProperty('ingress');

    await h.sendAll(plan.undo as never);
    expect(wire(h.received())).toEqual([
      { method: 'DELETE', path: `${POLICIES}/${POLICY_NAME}` },
      {
        method: 'PATCH',
        path: POD_PATH,
        contentType: 'application/json-patch+json',
        body: [
          { op: 'test', path: '/metadata/uid', value: (plan.before as { metadata: { uid: string } }).metadata.uid },
          { op: 'test', path: '/metadata/labels/eksguard.io~1quarantine', value: ACTION_ID },
          { op: 'remove', path: '/metadata/labels/eksguard.io~1quarantine' },
        ],
      },
    ]);
    expect(await h.read(`${POLICIES}/${POLICY_NAME}`)).toBeUndefined();
    expect(withoutVersion(await h.read(POD_PATH))).toEqual(withoutVersion(plan.before as never));
  });

  it('reports a 409 AlreadyExists when the policy name is taken, and labels nothing', async () => {
    const plan = (await quarantineAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: API_POD }), spec, h.context)) as PlannedAction;
    await h.client.send(plan.requests[0]!);
    const failure = await quarantineAction.apply(plan, h.context).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KubeRequestError);
    expect(failure).toMatchObject({ status: 409, reason: 'AlreadyExists', message: `networkpolicies.networking.k8s.io "${POLICY_NAME}" already exists`, request: { method: 'POST', path: POLICIES } });
    expect((await h.read(POD_PATH))?.metadata?.labels).not.toHaveProperty('eksguard.io/quarantine');
  });

  it('takes the policy back when labelling the pod fails (pod replaced after planning), so no half quarantine stays', async () => {
    const plan = (await quarantineAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: API_POD }), spec, h.context)) as PlannedAction;
    await h.client.send({ method: 'DELETE', path: POD_PATH });
    h.received();
    const failure = await quarantineAction.apply(plan, h.context).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KubeRequestError);
    expect(failure).toMatchObject({ status: 404, request: { method: 'PATCH', path: POD_PATH } });
    expect((failure as Error).message).toContain(`NetworkPolicy shop/${POLICY_NAME} was deleted again`);
    const sent = wire(h.received());
    expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`POST ${POLICIES}`, `PATCH ${POD_PATH}`, `DELETE ${POLICIES}/${POLICY_NAME}`]);
    const created = sent[0]!;
    expect(sent[2]).toEqual({ method: 'DELETE', path: `${POLICIES}/${POLICY_NAME}`, contentType: 'application/json', body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: expect.any(String) } } });
    expect(created.method).toBe('POST');
    expect(await h.read(`${POLICIES}/${POLICY_NAME}`)).toBeUndefined();
  });

  it('counts pods of the workload quarantined before as lost: they stay Ready in its status but serve nothing', async () => {
    const first = (await quarantineAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: API_POD }), spec, h.context)) as PlannedAction;
    await quarantineAction.apply(first, h.context);
    const second = (await quarantineAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: 'api-7c9f8d6b5-q8wzn' }), spec, { ...h.context, actionId: 'q-2' })) as PlannedAction;
    // The Deployment still reports 3 ready replicas; one of them is cut off already.
    expect(second.facts).toEqual({ namespace: 'shop', readyReplicasNow: 2, readyReplicasAfter: 1 });
  });

  it('gives no facts for a bare pod, and counts a pod that is not ready as no loss', async () => {
    const bare = (await quarantineAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: 'debug-shell' }), spec, h.context)) as PlannedAction;
    expect(bare.facts).toEqual({ namespace: 'shop' });
    // debug-shell has no labels at all: the map is created.
    expect((bare.requests[1]!.body as unknown[])[1]).toEqual({ op: 'add', path: '/metadata/labels', value: { 'eksguard.io/quarantine': ACTION_ID } });
    expect(bare.description).not.toContain('add up');
    const notReady = (await quarantineAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: 'api-7c9f8d6b5-m4tjl' }), spec, h.context)) as PlannedAction;
    expect(notReady.facts).toEqual({ namespace: 'shop', readyReplicasNow: 3, readyReplicasAfter: 3 });
    const daemon = (await quarantineAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: 'log-agent-7xk2p' }), spec, h.context)) as PlannedAction;
    expect(daemon.facts).toEqual({ namespace: 'shop', readyReplicasNow: 2, readyReplicasAfter: 1 });
  });

  it('skips a pod already quarantined, a missing pod, and an action id that cannot name a policy', async () => {
    const plan = (await quarantineAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: API_POD }), spec, h.context)) as PlannedAction;
    await quarantineAction.apply(plan, h.context);
    expect(await quarantineAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: API_POD }), spec, { ...h.context, actionId: 'other' })).toEqual({
      action: 'quarantine',
      skipped: `Pod shop/${API_POD} is already quarantined (eksguard.io/quarantine=${ACTION_ID})`,
      target: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: API_POD },
    });
    expect(await quarantineAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: 'nope' }), spec, h.context)).toMatchObject({ skipped: 'Pod shop/nope does not exist (any more)' });
    expect(await quarantineAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: 'db-0' }), spec, { ...h.context, actionId: 'id with spaces' })).toMatchObject({
      skipped: 'the action id "id with spaces" cannot be a label value and a NetworkPolicy name',
    });
    expect(quarantineAction.validate({ labels: {} })).toEqual(['labels: unknown setting (quarantine takes none)']);
  });

  it('a dry run (plan only) sends no write', async () => {
    for (const name of [API_POD, 'db-0', 'debug-shell']) await quarantineAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name }), spec, h.context);
    expect(h.received().filter((request) => request.method !== 'GET')).toEqual([]);
  });
});

describe('quarantine with a role that cannot read every owner or list policies', () => {
  it('plans without the facts it cannot read and says why, instead of failing', async () => {
    const h = await startActionHarness();
    try {
      const client = {
        send: (request: Parameters<typeof h.client.send>[0]) =>
          request.path.includes('/daemonsets/') || request.path.endsWith('/networkpolicies')
            ? Promise.reject(new KubeRequestError(403, 'Forbidden', 'forbidden', request))
            : h.client.send(request),
      };
      const plan = (await quarantineAction.plan(alertOn({ resource: 'pods', namespace: 'shop', name: 'log-agent-7xk2p' }), { action: 'quarantine', params: {} }, { ...h.context, client })) as PlannedAction;
      // The guardrail cannot count the DaemonSet's ready pods: it must know, not assume there is no loss.
      expect(plan.facts).toEqual({ namespace: 'shop', replicasUnknown: 'its controller DaemonSet log-agent cannot be read (forbidden)' });
      expect(plan.description).toContain('other NetworkPolicies could not be listed (forbidden)');
    } finally {
      await h.close();
    }
  });
});
