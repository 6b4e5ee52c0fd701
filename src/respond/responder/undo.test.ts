import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../model/index.js';
import { loadPlaybooks } from '../playbooks/load.js';
import { actionIdGenerator, ACTION_ID } from './action-id.js';
import { Responder } from './responder.js';
import { MemoryKube } from './test-support/memory-kube.js';
import { deploymentPath, podPath, TEST_ACTIONS } from './test-support/test-actions.js';
import { FileTrail, readTrailFile } from './trail-file.js';
import { MemoryTrail, type ActionRecord, type TrailStore } from './trail-record.js';
import { applyUndo, planUndo } from './undo.js';

const PLAYBOOKS = `apiVersion: eksguard.io/v1alpha1
kind: ResponsePlaybooks
playbooks:
  - name: contain
    match: {}
    minHealthyReplicas: 0
    actions:
      - { action: label, labels: { incident: ir-1, tier: suspect } }
      - { action: scale-to-zero }
      - { action: notify, notifier: log }
notifiers:
  log: { type: file, path: n.jsonl }
`;

const ALERT: Alert = {
  ruleId: 'k8s-exec-into-pod',
  title: 'Exec into a pod',
  severity: 'high',
  mitre: { tactic: 'Execution', technique: 'T1609' },
  source: 'k8s-audit',
  output: 'alice exec into shop/api-1',
  time: '2025-05-12T10:29:58Z',
  subject: { name: 'alice' },
  object: { resource: 'pods', subresource: 'exec', namespace: 'shop', name: 'api-1' },
  eventId: 'a1',
};

function cluster(): MemoryKube {
  const kube = new MemoryKube();
  kube.put(podPath('shop', 'api-1'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api-1', namespace: 'shop', labels: { app: 'api' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"spec":{"containers":[{"env":[{"name":"TOKEN","value":"s3cr3t"}]}]}}' } }, spec: { containers: [{ name: 'api', env: [{ name: 'TOKEN', value: 's3cr3t' }, { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } }] }] } });
  kube.put(deploymentPath('shop', 'api'), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'shop' }, spec: { replicas: 3 }, status: { readyReplicas: 3 } });
  return kube;
}

async function applied(trail: TrailStore = new MemoryTrail()) {
  const set = loadPlaybooks(PLAYBOOKS, 'pb.yaml', TEST_ACTIONS);
  if (!set.ok) throw new Error('bad playbooks');
  const kube = cluster();
  const responder = new Responder({ playbooks: set.set, actions: TEST_ACTIONS, client: kube, notifiers: { log: { notify: () => Promise.resolve() } }, mode: 'apply', trail, now: () => Date.parse('2025-05-12T10:30:00Z') });
  const records = await responder.respond(ALERT);
  kube.requests.length = 0;
  return { kube, trail, records, label: records[0]!, scale: records[1]!, notify: records[2]! };
}

describe('undo', () => {
  it('reverses an applied action after checking the object, and only once', async () => {
    const { kube, trail, label } = await applied();
    const plan = await planUndo(trail.records(), label.id, kube);
    expect(plan).toEqual({ ok: true, record: label, requests: label.undo, notes: [] });
    expect(kube.writes()).toEqual([]);
    if (!plan.ok) return;
    const record = await applyUndo(plan, kube, 'u-1', new Date('2025-05-12T11:00:00Z'));
    expect(kube.writes()).toEqual([{ method: 'PATCH', path: podPath('shop', 'api-1'), contentType: 'application/merge-patch+json', body: { metadata: { labels: { incident: null, tier: null } } } }]);
    expect(kube.get(podPath('shop', 'api-1'))!.metadata.labels).toEqual({ app: 'api' });
    expect(record).toMatchObject({ type: 'undo', id: 'u-1', undoes: label.id, mode: 'applied', outcome: 'applied', action: 'label', time: '2025-05-12T11:00:00.000Z', description: 'undo: label Pod shop/api-1' });
    await trail.append(record);
    expect(await planUndo(trail.records(), label.id, kube)).toEqual({ ok: false, reason: `${label.id} was already undone by u-1 at 2025-05-12T11:00:00.000Z` });
  });

  it('refuses when the object changed since in a field the undo writes', async () => {
    const { kube, trail, label } = await applied();
    await kube.send({ method: 'PATCH', path: podPath('shop', 'api-1'), contentType: 'application/merge-patch+json', body: { metadata: { labels: { incident: 'ir-2' } } } });
    kube.requests.length = 0;
    const plan = await planUndo(trail.records(), label.id, kube);
    expect(plan).toEqual({ ok: false, reason: '/api/v1/namespaces/shop/pods/api-1 changed since the action at /metadata/labels/incident (was "ir-1", now "ir-2"); undoing would overwrite that change' });
    expect(kube.writes()).toEqual([]);
  });

  it('goes ahead when the object changed elsewhere, and says so', async () => {
    const { kube, trail, scale } = await applied();
    // The deployment controller updates status after a scale: a new resourceVersion, spec.replicas untouched.
    await kube.send({ method: 'PATCH', path: deploymentPath('shop', 'api'), contentType: 'application/merge-patch+json', body: { status: { readyReplicas: 0 } } });
    const plan = await planUndo(trail.records(), scale.id, kube);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.notes).toEqual([expect.stringMatching(/^\/apis\/apps\/v1\/namespaces\/shop\/deployments\/api changed since the action \(resourceVersion \d+ → \d+\), but not in the fields the undo writes$/)]);
    await applyUndo(plan, kube, 'u-2', new Date());
    expect(kube.get(deploymentPath('shop', 'api'))!.spec.replicas).toBe(3);
  });

  it('refuses when the object is gone, for dry runs, for what cannot be reversed and for unknown ids', async () => {
    const { kube, trail, label, notify } = await applied();
    expect(await planUndo(trail.records(), notify.id, kube)).toEqual({ ok: false, reason: 'notify cannot be undone: a notification cannot be taken back' });
    expect(await planUndo(trail.records(), 'nope', kube)).toEqual({ ok: false, reason: 'no record nope in the trail' });
    const dry: ActionRecord = { ...label, id: 'd-1', mode: 'dry-run', outcome: 'planned' };
    expect(await planUndo([dry], 'd-1', kube)).toEqual({ ok: false, reason: 'd-1 was a dry run: nothing to undo' });
    await kube.send({ method: 'DELETE', path: podPath('shop', 'api-1') });
    expect(await planUndo(trail.records(), label.id, kube)).toEqual({ ok: false, reason: '/api/v1/namespaces/shop/pods/api-1 no longer exists: it was deleted or already reverted by hand' });
  });

  it('runs again after an undo that stopped half way: what it already deleted is left out', async () => {
    const pod = podPath('shop', 'api-1');
    const policy = '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies/eksguard-quarantine-q-1';
    const kube = cluster();
    const podAfter = kube.put(pod, { ...kube.get(pod)!, metadata: { ...kube.get(pod)!.metadata, labels: { app: 'api', 'eksguard.io/quarantine': 'q-1' } } });
    const policyAfter = kube.put(policy, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'eksguard-quarantine-q-1', namespace: 'shop' }, spec: { podSelector: { matchLabels: { 'eksguard.io/quarantine': 'q-1' } }, policyTypes: ['Ingress', 'Egress'] } });
    const unlabel = { method: 'PATCH' as const, path: pod, contentType: 'application/json-patch+json', body: [{ op: 'test', path: '/metadata/labels/eksguard.io~1quarantine', value: 'q-1' }, { op: 'remove', path: '/metadata/labels/eksguard.io~1quarantine' }] };
    const record: ActionRecord = {
      type: 'action', id: 'q-1', time: '2025-05-12T10:30:00Z', mode: 'applied', outcome: 'applied', alert: { ruleId: ALERT.ruleId, eventId: 'a1', severity: 'high', subject: ALERT.subject, object: ALERT.object },
      playbook: 'contain', action: 'quarantine', target: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'api-1' },
      after: [policyAfter, podAfter], undo: [{ method: 'DELETE', path: policy }, unlabel],
    };
    // The first undo deleted the policy, then its label patch failed (the API server was unreachable).
    await kube.send({ method: 'DELETE', path: policy });
    const failed = { type: 'undo' as const, id: 'u-1', time: '2025-05-12T10:40:00Z', mode: 'applied' as const, outcome: 'failed' as const, undoes: 'q-1', action: 'quarantine' as const };
    const plan = await planUndo([record, failed], 'q-1', kube);
    expect(plan).toMatchObject({ ok: true, requests: [unlabel] });
    expect(plan.ok && plan.notes).toEqual([`${policy} is gone already (an earlier undo or a person deleted it): not deleted again`]);
    if (!plan.ok) return;
    expect((await applyUndo(plan, kube, 'u-2', new Date())).outcome).toBe('applied');
    expect(kube.get(pod)!.metadata.labels).toEqual({ app: 'api' });
    // Nothing left to reverse: refused, not an empty "applied" undo.
    expect(await planUndo([{ ...record, undo: [{ method: 'DELETE', path: policy }] }], 'q-1', kube)).toEqual({ ok: false, reason: 'nothing left to undo: every object q-1 created is gone already' });
  });

  it('refuses undo requests in the trail that are not requests, without crashing', async () => {
    const { kube, label } = await applied();
    for (const undo of [[{}], [{ method: 'GET', path: podPath('shop', 'api-1') }], [{ method: 'PATCH', path: 'pods/api-1' }], 'x']) {
      const plan = await planUndo([{ ...label, undo } as unknown as ActionRecord], label.id, kube);
      expect(plan.ok).toBe(false);
    }
    expect(await planUndo([{ ...label, undo: [{}] } as unknown as ActionRecord], label.id, kube)).toEqual({ ok: false, reason: `${label.id}: undo request 1 in the trail is malformed (it needs a method POST, PATCH, PUT or DELETE and an API path)` });
    expect(kube.writes()).toEqual([]);
  });

  it('reports a failed undo request in the undo record', async () => {
    const { kube, trail, label } = await applied();
    const plan = await planUndo(trail.records(), label.id, kube);
    if (!plan.ok) throw new Error(plan.reason);
    await kube.send({ method: 'DELETE', path: podPath('shop', 'api-1') });
    const record = await applyUndo(plan, kube, 'u-3', new Date());
    expect(record).toMatchObject({ outcome: 'failed', error: { status: 404, reason: 'NotFound' } });
    expect(record.reason).toMatch(/\(after 0 of 1 request\(s\)\)$/);
  });
});

describe('trail file', () => {
  it('appends records as JSON lines with mode 0600, without credentials, and reads them back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trail-'));
    const path = join(dir, 'sub', 'trail.jsonl');
    const { trail } = FileTrail.open(path);
    const { label } = await applied(trail);
    trail.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(3);
    expect(text).not.toContain('s3cr3t');
    const { records, problems } = readTrailFile(path);
    expect(problems).toEqual([]);
    const back = records[0] as ActionRecord;
    expect(back.id).toBe(label.id);
    expect(back.before).toMatchObject({ metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '(not recorded)' } }, spec: { containers: [{ env: [{ name: 'TOKEN', value: '(not recorded)' }, { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } }] }] } });
    expect(back.undo).toEqual(label.undo);
    // The undo works from the file alone.
    const kube = cluster();
    await kube.send({ method: 'PATCH', path: podPath('shop', 'api-1'), contentType: 'application/merge-patch+json', body: { metadata: { labels: { incident: 'ir-1', tier: 'suspect' } } } });
    expect((await planUndo(records, label.id, kube)).ok).toBe(true);
  });

  it('starts a new line after a record cut short by a crash, so the next record is not lost with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trail-'));
    const path = join(dir, 'trail.jsonl');
    writeFileSync(path, '{"type":"undo","id":"u","time":"t","action":"label","mode":"applied","outcome":"applied","undoes":"x"}\n{"type":"action","id":"cut');
    const { trail, problems } = FileTrail.open(path);
    expect(problems.map((problem) => problem.line)).toEqual([2]);
    const { label } = await applied(trail);
    trail.close();
    const back = readTrailFile(path);
    expect(back.records.map((record) => record.id)).toEqual(['u', label.id, expect.any(String), expect.any(String)]);
    expect(back.problems.map((problem) => problem.line)).toEqual([2]);
  });

  it('reports lines that are not records and keeps the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trail-'));
    const path = join(dir, 'trail.jsonl');
    writeFileSync(path, ['{"type":"undo","id":"u","time":"t","action":"label","mode":"applied","outcome":"applied","undoes":"x"}', '{"type":"action","id":"a"', '[]', '{"type":"action","id":"b","time":"t","action":"label","mode":"applied","outcome":"exploded","alert":{}}', '{"type":"action","id":"c","time":"2025-05-12T10:30:00Z","action":"label","mode":"applied","outcome":"applied","alert":{"ruleId":"r"}}', '{"type":"action","id":"d","time":"2025-05-12T10:30:00Z","action":"label","mode":"applied","outcome":"applied","alert":{"ruleId":"r","object":{}},"target":"pod"}', ''].join('\n'));
    const { records, problems } = readTrailFile(path);
    expect(records.map((record) => record.id)).toEqual(['u']);
    expect(problems.map((problem) => problem.line)).toEqual([2, 3, 4, 5, 6]);
    expect(problems[2]!.message).toBe('not a trail record (unknown outcome)');
    expect(problems.slice(3).map((problem) => problem.message)).toEqual(['not a trail record (alert missing)', 'not a trail record (target malformed)']);
  });
});

describe('action ids', () => {
  it('sort by time, stay unique within a millisecond and fit label values and object names', () => {
    let n = 0;
    const next = actionIdGenerator(() => Date.parse('2025-05-12T10:30:00.123Z'), () => ['ffffff', '000000', 'abcdef'][n++]!);
    const ids = [next(), next(), next()];
    expect(ids).toEqual(['20250512-103000-123-ffffff', '20250512-103000-124-000000', '20250512-103000-125-abcdef']);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(ACTION_ID);
    expect(actionIdGenerator()()).toMatch(ACTION_ID);
  });
});
