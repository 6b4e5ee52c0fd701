import { describe, expect, it } from 'vitest';
import type { Alert } from '../../model/index.js';
import { KubeRequestError, type KubeClient, type KubeRequest, type Notifier } from '../actions/types.js';
import { loadPlaybooks } from '../playbooks/load.js';
import type { PlaybookSet } from '../playbooks/types.js';
import { Responder } from './responder.js';
import { MemoryKube } from './test-support/memory-kube.js';
import { deploymentPath, podPath, TEST_ACTIONS } from './test-support/test-actions.js';
import { MemoryTrail, type ActionRecord, type TrailRecord } from './trail-record.js';

const T0 = Date.parse('2025-05-12T10:30:00Z');

function playbooks(body: string, guardrails = ''): PlaybookSet {
  const text = `apiVersion: eksguard.io/v1alpha1\nkind: ResponsePlaybooks\n${guardrails}notifiers:\n  oncall: { type: file, path: n.jsonl }\nplaybooks:\n${body}`;
  const result = loadPlaybooks(text, 'pb.yaml', TEST_ACTIONS);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.set;
}

function alert(namespace: string, pod: string, ruleId = 'k8s-exec-into-pod'): Alert {
  return {
    ruleId,
    title: 'Exec into a pod',
    severity: 'high',
    mitre: { tactic: 'Execution', technique: 'T1609' },
    source: 'k8s-audit',
    output: `alice exec into ${namespace}/${pod}`,
    time: '2025-05-12T10:29:58Z',
    subject: { name: 'alice', groups: ['system:authenticated'], sourceIPs: ['203.0.113.7'] },
    object: { resource: 'pods', subresource: 'exec', namespace, name: pod },
    eventId: `audit-${pod}`,
  };
}

function cluster(): MemoryKube {
  const kube = new MemoryKube();
  for (const namespace of ['shop', 'kube-system', 'payments']) {
    for (const name of ['api-1', 'api-2', 'api-3']) {
      kube.put(podPath(namespace, name), { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'api:1', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }] } });
    }
    kube.put(deploymentPath(namespace, 'api'), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace }, spec: { replicas: 3 }, status: { readyReplicas: 3 } });
  }
  return kube;
}

interface Setup {
  kube: MemoryKube;
  trail: MemoryTrail;
  responder: Responder;
  clock: { now: number };
  notified: string[];
}

function setup(set: PlaybookSet, mode: 'dry-run' | 'apply', options: { kube?: MemoryKube; client?: KubeClient; history?: TrailRecord[] } = {}): Setup {
  const kube = options.kube ?? cluster();
  const trail = new MemoryTrail(options.history ?? []);
  const clock = { now: T0 };
  const notified: string[] = [];
  const notifier: Notifier = { notify: (message) => Promise.resolve(void notified.push(`${message.actionId} ${message.alert.ruleId}`)) };
  let n = 0;
  const responder = new Responder({ playbooks: set, actions: TEST_ACTIONS, client: options.client ?? kube, notifiers: { oncall: notifier }, mode, trail, now: () => clock.now, newId: () => `id-${++n}` });
  return { kube, trail, responder, clock, notified };
}

const LABEL = `  - name: tag
    match: { rules: [k8s-exec-*] }
    actions:
      - { action: label, labels: { incident: "ir-1" } }
`;

const brief = (records: readonly ActionRecord[]) => records.map((record) => [record.action, record.outcome, record.guardrail ?? record.reason ?? '']);

describe('Responder', () => {
  it('dry run: plans with GETs only and records the plan', async () => {
    const { kube, trail, responder } = setup(playbooks(LABEL), 'dry-run');
    const records = await responder.respond(alert('shop', 'api-1'));
    expect(kube.writes()).toEqual([]);
    expect(kube.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/v1/namespaces/shop/pods/api-1']);
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({
      type: 'action',
      id: 'id-1',
      time: '2025-05-12T10:30:00.000Z',
      mode: 'dry-run',
      outcome: 'planned',
      playbook: 'tag',
      action: 'label',
      target: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'api-1' },
      alert: { ruleId: 'k8s-exec-into-pod', eventId: 'audit-api-1', severity: 'high', subject: { name: 'alice' }, object: { namespace: 'shop', name: 'api-1', subresource: 'exec' } },
      requests: [{ method: 'PATCH', path: podPath('shop', 'api-1'), contentType: 'application/merge-patch+json', body: { metadata: { labels: { incident: 'ir-1' } } } }],
      undo: [{ method: 'PATCH', path: podPath('shop', 'api-1'), contentType: 'application/merge-patch+json', body: { metadata: { labels: { incident: null } } } }],
    });
    expect(record!.after).toBeUndefined();
    expect(trail.records()).toEqual(records);
    expect(kube.get(podPath('shop', 'api-1'))!.metadata.labels).toEqual({ app: 'api' });
  });

  it('apply: sends the planned writes and records the object after', async () => {
    const { kube, responder } = setup(playbooks(LABEL), 'apply');
    const [record] = await responder.respond(alert('shop', 'api-1'));
    expect(kube.writes()).toEqual(record!.requests);
    expect(record).toMatchObject({ mode: 'applied', outcome: 'applied', after: { metadata: { labels: { app: 'api', incident: 'ir-1' } } } });
    expect((record!.before as { metadata: { labels: unknown } }).metadata.labels).toEqual({ app: 'api' });
    expect(responder.stats).toEqual({ alerts: 1, matched: 1, outcomes: { applied: 1, planned: 0, refused: 0, skipped: 0, failed: 0 } });
  });

  it('an alert no playbook matches does nothing', async () => {
    const { kube, responder } = setup(playbooks(LABEL), 'apply');
    expect(await responder.respond(alert('shop', 'api-1', 'aws-root-login'))).toEqual([]);
    expect(kube.requests).toEqual([]);
  });

  it('refuses protected namespaces unless the playbook allows them', async () => {
    const refused = setup(playbooks(LABEL), 'apply');
    const records = await refused.responder.respond(alert('kube-system', 'api-1'));
    expect(brief(records)).toEqual([['label', 'refused', 'protected-namespace']]);
    expect(records[0]!.reason).toBe('namespace kube-system is protected (guardrails.protectedNamespaces); set allowProtectedNamespaces: true in playbook tag to act there');
    expect(refused.kube.writes()).toEqual([]);

    const allowed = setup(playbooks(`${LABEL}    allowProtectedNamespaces: true\n`), 'apply');
    expect(brief(await allowed.responder.respond(alert('kube-system', 'api-1')))).toEqual([['label', 'applied', '']]);
    expect(allowed.kube.writes()).toHaveLength(1);
  });

  it('refuses excluded namespaces unless the playbook names them', async () => {
    const guard = 'guardrails:\n  excludedNamespaces: [pay*]\n';
    const refused = setup(playbooks(LABEL, guard), 'apply');
    expect(brief(await refused.responder.respond(alert('payments', 'api-1')))).toEqual([['label', 'refused', 'excluded-namespace']]);
    // allowProtectedNamespaces is about the protected list only.
    const stillRefused = setup(playbooks(`${LABEL}    allowProtectedNamespaces: true\n`, guard), 'apply');
    expect(brief(await stillRefused.responder.respond(alert('payments', 'api-1')))).toEqual([['label', 'refused', 'excluded-namespace']]);
    const named = setup(playbooks(LABEL.replace('rules: [k8s-exec-*]', 'rules: [k8s-exec-*], namespaces: [payments]'), guard), 'apply');
    expect(brief(await named.responder.respond(alert('payments', 'api-1')))).toEqual([['label', 'applied', '']]);
  });

  it('does not refuse a notification about a protected namespace', async () => {
    const { responder, notified } = setup(playbooks('  - { name: tell, match: {}, actions: [{ action: notify, notifier: oncall }] }\n'), 'apply');
    expect(brief(await responder.respond(alert('kube-system', 'api-1')))).toEqual([['notify', 'applied', '']]);
    expect(notified).toEqual(['id-1 k8s-exec-into-pod']);
  });

  it('keeps minHealthyReplicas', async () => {
    const quarantine = '  - { name: q, match: {}, actions: [{ action: quarantine }] }\n';
    const ok = setup(playbooks(quarantine), 'apply');
    expect(brief(await ok.responder.respond(alert('shop', 'api-1')))).toEqual([['quarantine', 'applied', '']]);
    const strict = setup(playbooks(quarantine, 'guardrails: { minHealthyReplicas: 3 }\n'), 'apply');
    const records = await strict.responder.respond(alert('shop', 'api-1'));
    expect(brief(records)).toEqual([['quarantine', 'refused', 'min-healthy-replicas']]);
    expect(records[0]!.reason).toBe('would leave 2 ready replica(s) of 3, fewer than minHealthyReplicas 3');
    expect(strict.kube.writes()).toEqual([]);
  });

  it('refuses scale-to-zero unless the playbook itself sets minHealthyReplicas 0', async () => {
    const scale = '  - { name: stop, match: {}, actions: [{ action: scale-to-zero }] }\n';
    const globalZero = setup(playbooks(scale, 'guardrails: { minHealthyReplicas: 0 }\n'), 'apply');
    const records = await globalZero.responder.respond(alert('shop', 'api-1'));
    expect(brief(records)).toEqual([['scale-to-zero', 'refused', 'min-healthy-replicas']]);
    expect(records[0]!.reason).toBe('scale-to-zero takes every replica down; playbook stop must set minHealthyReplicas: 0 to allow it');
    const explicit = setup(playbooks('  - { name: stop, match: {}, minHealthyReplicas: 0, actions: [{ action: scale-to-zero }] }\n'), 'apply');
    expect(brief(await explicit.responder.respond(alert('shop', 'api-1')))).toEqual([['scale-to-zero', 'applied', '']]);
    expect(explicit.kube.get(deploymentPath('shop', 'api'))!.spec.replicas).toBe(0);
  });

  it('skips the same action on the same target within the dedup window, also across runs', async () => {
    const set = playbooks(LABEL, 'guardrails: { dedupWindow: 30m }\n');
    const first = setup(set, 'apply');
    expect(brief(await first.responder.respond(alert('shop', 'api-1')))).toEqual([['label', 'applied', '']]);
    const again = await first.responder.respond(alert('shop', 'api-1'));
    expect(brief(again)).toEqual([['label', 'skipped', 'dedup-window']]);
    expect(again[0]!.reason).toBe('duplicate: label Pod/shop/api-1 was already done at 2025-05-12T10:30:00.000Z (dedupWindow 30m)');
    expect(brief(await first.responder.respond(alert('shop', 'api-2')))).toEqual([['label', 'applied', '']]);
    first.clock.now += 30 * 60_000;
    expect(brief(await first.responder.respond(alert('shop', 'api-1')))).toEqual([['label', 'applied', '']]);
    expect(first.kube.writes()).toHaveLength(3);

    // A new run reads the trail: what was applied ten minutes ago is still a duplicate.
    const history = [...first.trail.records()];
    const restarted = setup(set, 'apply', { history });
    restarted.clock.now = first.clock.now + 10 * 60_000;
    expect(brief(await restarted.responder.respond(alert('shop', 'api-1')))).toEqual([['label', 'skipped', 'dedup-window']]);
    // …unless it was undone since.
    const undone = setup(set, 'apply', { history: [...history, { type: 'undo', id: 'u-1', undoes: history.at(-1)!.id, time: '2025-05-12T11:05:00Z', mode: 'applied', outcome: 'applied', action: 'label' }] });
    undone.clock.now = first.clock.now + 10 * 60_000;
    expect(brief(await undone.responder.respond(alert('shop', 'api-1')))).toEqual([['label', 'applied', '']]);
  });

  it('dry runs deduplicate within the run but do not count for later runs', async () => {
    const set = playbooks(LABEL);
    const dry = setup(set, 'dry-run');
    await dry.responder.respond(alert('shop', 'api-1'));
    expect(brief(await dry.responder.respond(alert('shop', 'api-1')))).toEqual([['label', 'skipped', 'dedup-window']]);
    const later = setup(set, 'apply', { history: [...dry.trail.records()] });
    expect(brief(await later.responder.respond(alert('shop', 'api-1')))).toEqual([['label', 'applied', '']]);
  });

  it('refuses actions over the rate limit and gives tokens back over time', async () => {
    const { responder, clock, kube } = setup(playbooks(LABEL, 'guardrails: { rateLimit: { actions: 2, per: 10m } }\n'), 'apply');
    expect(brief(await responder.respond(alert('shop', 'api-1')))).toEqual([['label', 'applied', '']]);
    expect(brief(await responder.respond(alert('shop', 'api-2')))).toEqual([['label', 'applied', '']]);
    const limited = await responder.respond(alert('shop', 'api-3'));
    expect(brief(limited)).toEqual([['label', 'refused', 'rate-limit']]);
    expect(limited[0]!.reason).toBe('rate limit of 2 action(s) per 10m reached (next in 300 s); not queued');
    expect(kube.writes()).toHaveLength(2);
    clock.now += 5 * 60_000;
    expect(brief(await responder.respond(alert('shop', 'api-3')))).toEqual([['label', 'applied', '']]);
    expect(brief(await responder.respond(alert('payments', 'api-1')))).toEqual([['label', 'refused', 'rate-limit']]);
  });

  it('counts earlier runs against the rate limit, failed attempts included (they sent writes)', async () => {
    const set = playbooks(LABEL, 'guardrails: { rateLimit: { actions: 2, per: 10m } }\n');
    const kube = cluster();
    const flaky: KubeClient = {
      send: (request: KubeRequest) => (request.method === 'GET' || request.path.includes('api-2') ? kube.send(request) : Promise.reject(new KubeRequestError(500, 'InternalError', 'etcd timeout', request))),
    };
    const first = setup(set, 'apply', { kube, client: flaky });
    expect(brief(await first.responder.respond(alert('shop', 'api-1')))[0]!.slice(0, 2)).toEqual(['label', 'failed']);
    expect(brief(await first.responder.respond(alert('shop', 'api-2')))).toEqual([['label', 'applied', '']]);
    // A restart a minute later: both tokens were spent on writes, the next action waits.
    const restarted = setup(set, 'apply', { history: [...first.trail.records()] });
    restarted.clock.now = first.clock.now + 60_000;
    expect(brief(await restarted.responder.respond(alert('shop', 'api-3')))).toEqual([['label', 'refused', 'rate-limit']]);
  });

  it('records an API error as failed and goes on with the next action', async () => {
    const kube = cluster();
    // A client without write rights, as a responder missing its ClusterRole would be.
    const readOnly: KubeClient = {
      send: (request: KubeRequest) =>
        request.method === 'GET' || request.path.includes('api-2')
          ? kube.send(request)
          : Promise.reject(new KubeRequestError(403, 'Forbidden', 'pods "api-1" is forbidden: User "eksguard" cannot patch resource "pods" in API group "" in the namespace "shop"', { method: request.method, path: request.path })),
    };
    const { responder } = setup(playbooks(`${LABEL}  - { name: tell, match: {}, actions: [{ action: notify, notifier: oncall }] }\n`), 'apply', { kube, client: readOnly });
    const records = await responder.respond(alert('shop', 'api-1'));
    expect(brief(records)).toEqual([
      ['label', 'failed', 'PATCH /api/v1/namespaces/shop/pods/api-1: 403 Forbidden: pods "api-1" is forbidden: User "eksguard" cannot patch resource "pods" in API group "" in the namespace "shop"'],
      ['notify', 'applied', ''],
    ]);
    expect(records[0]!.error).toEqual({ status: 403, reason: 'Forbidden', message: expect.stringContaining('cannot patch'), request: { method: 'PATCH', path: podPath('shop', 'api-1') } });
    // A failed action is not a duplicate: the next alert tries again.
    expect(brief(await responder.respond(alert('shop', 'api-1')))[0]!.slice(0, 2)).toEqual(['label', 'failed']);
  });

  it('records a skipped plan and a target that is gone', async () => {
    const { responder } = setup(playbooks(LABEL), 'apply');
    const records = await responder.respond(alert('shop', 'api-9'));
    expect(brief(records)).toEqual([['label', 'failed', 'planning failed: GET /api/v1/namespaces/shop/pods/api-9: 404 NotFound: "/api/v1/namespaces/shop/pods/api-9" not found']]);
    const node = { ...alert('shop', 'x'), object: { resource: 'nodes', name: 'ip-10-0-1-17' } };
    expect(brief(await responder.respond(node))).toEqual([['label', 'skipped', 'the alert names no pod']]);
  });

  it('answers alerts in order, one at a time', async () => {
    const { responder, trail } = setup(playbooks(LABEL), 'apply');
    const answers = [responder.respond(alert('shop', 'api-1')), responder.respond(alert('shop', 'api-2')), responder.respond(alert('shop', 'api-3'))];
    await responder.settled();
    expect(trail.records().map((record) => (record as ActionRecord).target?.name)).toEqual(['api-1', 'api-2', 'api-3']);
    expect((await Promise.all(answers)).flat().map((record) => record.outcome)).toEqual(['applied', 'applied', 'applied']);
  });
});
