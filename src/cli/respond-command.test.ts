/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- objects as the API server serves them, read freely */
/**
 * `eksguard respond` end to end: alerts from `detect` on examples/audit/audit.jsonl (plus the same
 * alert on other pods and bindings), the real actions, client-node, and the fake API server,
 * whose request log is the evidence of what was (and was not) sent.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeKube, type FakeRequest } from '../../test/fakes/kube/server.js';
import { readTrailFile, type ActionRecord } from '../respond/responder/index.js';
import { startRespondCluster, type RespondCluster } from './test-support/respond-cluster.js';
import { run } from './test-support/run.js';

const PLAYBOOKS = `apiVersion: eksguard.io/v1alpha1
kind: ResponsePlaybooks
guardrails:
  rateLimit: { actions: 100, per: 10m }
notifiers:
  log: { type: file, path: notifications.jsonl }
playbooks:
  - name: contain-exec
    match: { rules: [k8s-exec-*] }
    minHealthyReplicas: 0
    actions:
      - { action: label, labels: { security.eksguard.io/incident: exec } }
      - { action: annotate, annotations: { security.eksguard.io/note: "shell opened, see trail" } }
      - { action: quarantine }
      - { action: cordon }
      - { action: scale-to-zero }
      - { action: notify, notifier: log, message: "{{severity}} {{ruleId}} on {{object}}" }
  - name: remove-bindings
    match: { rules: [k8s-cluster-admin-binding-created, k8s-binding-to-all-authenticated] }
    actions: [{ action: delete-binding }]
`;

let detected: Array<Record<string, any>>;

beforeAll(async () => {
  const result = await run(['detect', 'examples/audit/audit.jsonl', '--format', 'jsonl', '--fail-on', 'none']);
  detected = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
});

/** The detected alerts, and the exec alert and binding alert moved to the other objects of the fixture. */
function alertsText(): string {
  const exec = detected.find((alert) => alert.ruleId === 'k8s-exec-into-pod')!;
  const onPod = (namespace: string, name: string) => ({ ...exec, eventId: `${exec.eventId}-${name}`, object: { ...exec.object, namespace, name } });
  const roleBinding = { ...detected.find((alert) => alert.ruleId === 'k8s-cluster-admin-binding-created')!, ruleId: 'k8s-binding-to-all-authenticated', eventId: 'e-rb', object: { resource: 'rolebindings', namespace: 'payments', name: 'debug-access', apiGroup: 'rbac.authorization.k8s.io' } };
  return [...detected, onPod('payments', 'ledger-0'), onPod('payments', 'worker-5f6d7-r4k8d'), onPod('kube-system', 'coredns-5d78c9869d-h8x2w'), roleBinding].map((alert) => JSON.stringify(alert)).join('\n') + '\n';
}

let cluster: RespondCluster;
let fake: FakeKube;
let dir: string;

beforeEach(async () => {
  cluster = await startRespondCluster({ 'playbooks.yaml': PLAYBOOKS, 'alerts.jsonl': alertsText() });
  ({ fake, dir } = cluster);
});

afterEach(() => cluster.close());

const respond = (...args: string[]) => cluster.respond(...args);
const writes = () => fake.requests.filter((request) => request.method !== 'GET');
const trail = () => readTrailFile(join(dir, 'trail.jsonl')).records;
const get = async (path: string): Promise<any> => (await fetch(`${fake.url}${path}`)).json();

/** Outcomes per (action, target name), as `outcome` or `outcome (guardrail)`. */
function outcomes(records: readonly ActionRecord[]): string[] {
  return records.map((record) => `${record.action} ${record.target?.name ?? '-'}: ${record.outcome}${record.guardrail ? ` (${record.guardrail})` : ''}`);
}

const EXPECTED = [
  'label api-7d9c5b6f4-x2kqp: X',
  'annotate api-7d9c5b6f4-x2kqp: X',
  'quarantine api-7d9c5b6f4-x2kqp: X',
  'cordon ip-10-0-1-17.eu-west-1.compute.internal: X',
  'scale-to-zero api: X',
  'notify log: X',
  'delete-binding ci-admin: X',
  'label ledger-0: X',
  'annotate ledger-0: X',
  'quarantine ledger-0: X',
  'cordon ip-10-0-2-41.eu-west-1.compute.internal: X',
  'scale-to-zero ledger: X',
  'notify log: X',
  'label worker-5f6d7-r4k8d: X',
  'annotate worker-5f6d7-r4k8d: X',
  'quarantine worker-5f6d7-r4k8d: X',
  // Its node was cordoned for the first alert: the same action on the same target.
  'cordon ip-10-0-1-17.eu-west-1.compute.internal: skipped (dedup-window)',
  'scale-to-zero worker-5f6d7: X',
  'notify log: X',
  // kube-system is protected: no write; the notification still goes out.
  'label coredns-5d78c9869d-h8x2w: refused (protected-namespace)',
  'annotate coredns-5d78c9869d-h8x2w: refused (protected-namespace)',
  'quarantine coredns-5d78c9869d-h8x2w: refused (protected-namespace)',
  'cordon ip-10-0-2-41.eu-west-1.compute.internal: refused (protected-namespace)',
  'skipped-scale',
  'notify log: X',
  'delete-binding debug-access: X',
];

function expected(outcome: string): string[] {
  return EXPECTED.filter((line) => line !== 'skipped-scale').map((line) => line.replace(': X', `: ${outcome}`));
}

describe('eksguard respond', () => {
  it('plans every action with GETs only and says DRY RUN', async () => {
    const result = await respond('--alerts', 'alerts.jsonl', '--playbook', 'playbooks.yaml');
    expect(result.stderr).toContain('DRY RUN: nothing is changed in the cluster; add --apply to act');
    expect(result.code).toBe(0);
    expect(writes()).toEqual([]);
    const records = trail() as ActionRecord[];
    // coredns' owner ReplicaSet is not in the fixture: scale-to-zero skips it (not found), listed apart.
    const coredns = records.find((record) => record.action === 'scale-to-zero' && record.alert.object.namespace === 'kube-system')!;
    expect(coredns.outcome).toBe('skipped');
    expect(outcomes(records.filter((record) => record !== coredns))).toEqual(expected('planned'));
    expect(records.every((record) => record.mode === 'dry-run')).toBe(true);
    expect(result.stdout.split('\n')[0]).toMatch(/^ID +OUTCOME +ACTION +TARGET +PLAYBOOK +RULE +DETAIL$/);
    expect(result.stdout).toMatch(/planned +scale-to-zero +Deployment\/payments\/api +contain-exec +k8s-exec-into-pod +scale Deployment payments\/api from 3 to 0/);
    expect(result.stderr).toMatch(/eksguard respond: 8 alert\(s\) read, 6 matched a playbook\n/);
    expect(() => readFileSync(join(dir, 'notifications.jsonl'))).toThrow();
  });

  it('applies, records before and after, and sends exactly the planned requests', async () => {
    const result = await respond('--alerts', 'alerts.jsonl', '--playbook', 'playbooks.yaml', '--apply', '--format', 'json');
    expect(result.stderr).not.toContain('DRY RUN');
    expect(result.code).toBe(0);
    const records = trail() as ActionRecord[];
    const coredns = records.find((record) => record.action === 'scale-to-zero' && record.alert.object.namespace === 'kube-system')!;
    // Applied, the nodes are cordoned by the time the later alerts come: the action itself skips them.
    const cordoned = expected('applied').map((line) =>
      line.startsWith('cordon ip-10-0-1-17') && line.includes('dedup') ? 'cordon ip-10-0-1-17.eu-west-1.compute.internal: skipped' : line.startsWith('cordon ip-10-0-2-41') && line.includes('protected') ? 'cordon ip-10-0-2-41.eu-west-1.compute.internal: skipped' : line,
    );
    expect(outcomes(records.filter((record) => record !== coredns))).toEqual(cordoned);
    expect(records.filter((record) => record.action === 'cordon' && record.outcome === 'skipped').map((record) => record.reason)).toEqual([
      'Node ip-10-0-1-17.eu-west-1.compute.internal is already cordoned (left as it is)',
      'Node ip-10-0-2-41.eu-west-1.compute.internal is already cordoned (left as it is)',
    ]);
    // stdout: one JSON line per decision, without the objects.
    const lines = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id)).toEqual(records.map((record) => record.id));
    expect(lines[0].before).toBeUndefined();
    // The wire: every write is a planned request, in order, with its patch type.
    const planned = records.filter((record) => record.outcome === 'applied').flatMap((record) => record.requests ?? []);
    expect(writes().map((request) => ({ method: request.method, path: request.path + query(request), contentType: request.contentType, body: request.body }))).toEqual(
      planned.map((request) => ({ method: request.method, path: request.path, contentType: request.contentType ?? 'application/json', body: request.body })),
    );
    // The cluster as served now.
    const pod = await get('/api/v1/namespaces/payments/pods/api-7d9c5b6f4-x2kqp');
    const quarantine = records.find((record) => record.action === 'quarantine')!;
    expect(pod.metadata.labels).toMatchObject({ 'security.eksguard.io/incident': 'exec', 'eksguard.io/quarantine': quarantine.id });
    expect(pod.metadata.annotations).toMatchObject({ 'security.eksguard.io/note': 'shell opened, see trail' });
    const policy = await get(`/apis/networking.k8s.io/v1/namespaces/payments/networkpolicies/eksguard-quarantine-${quarantine.id}`);
    expect(policy.spec).toEqual({ podSelector: { matchLabels: { 'eksguard.io/quarantine': quarantine.id } }, policyTypes: ['Ingress', 'Egress'] });
    expect((await get('/apis/apps/v1/namespaces/payments/deployments/api')).spec.replicas).toBe(0);
    expect((await get('/api/v1/nodes/ip-10-0-1-17.eu-west-1.compute.internal')).spec.unschedulable).toBe(true);
    expect((await get('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/ci-admin')).code).toBe(404);
    expect((await get('/api/v1/namespaces/kube-system/pods/coredns-5d78c9869d-h8x2w')).metadata.labels).toEqual({ 'k8s-app': 'kube-dns' });
    const notes = readFileSync(join(dir, 'notifications.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
    expect(notes.map((note) => note.text)).toEqual([
      'medium k8s-exec-into-pod on pods/exec payments/api-7d9c5b6f4-x2kqp',
      'medium k8s-exec-into-pod on pods/exec payments/ledger-0',
      'medium k8s-exec-into-pod on pods/exec payments/worker-5f6d7-r4k8d',
      'medium k8s-exec-into-pod on pods/exec kube-system/coredns-5d78c9869d-h8x2w',
    ]);
    // The trail keeps no inline credential of the pods it recorded.
    expect(readFileSync(join(dir, 'trail.jsonl'), 'utf8')).not.toContain('sk_live');
  });

  it('undoes each applied action (dry run first) and refuses a second undo', async () => {
    const originals = new Map<string, unknown>();
    const paths = [
      '/api/v1/namespaces/payments/pods/api-7d9c5b6f4-x2kqp',
      '/api/v1/namespaces/payments/pods/ledger-0',
      '/apis/apps/v1/namespaces/payments/deployments/api',
      '/apis/apps/v1/namespaces/payments/statefulsets/ledger',
      '/apis/apps/v1/namespaces/payments/replicasets/worker-5f6d7',
      '/api/v1/nodes/ip-10-0-1-17.eu-west-1.compute.internal',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/ci-admin',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings/debug-access',
    ];
    for (const path of paths) originals.set(path, comparable(await get(path)));
    expect((await respond('--alerts', 'alerts.jsonl', '--playbook', 'playbooks.yaml', '--apply')).code).toBe(0);
    const applied = (trail() as ActionRecord[]).filter((record) => record.outcome === 'applied' && record.action !== 'notify');

    const first = applied[0]!;
    const before = fake.requests.length;
    const dry = await respond('undo', first.id);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('DRY RUN');
    expect(dry.stdout).toContain(`PATCH /api/v1/namespaces/payments/pods/api-7d9c5b6f4-x2kqp (application/json-patch+json)`);
    expect(fake.requests.slice(before).every((request) => request.method === 'GET')).toBe(true);

    // Undo newest first, as one reverses a sequence of changes.
    for (const record of [...applied].reverse()) {
      const result = await respond('undo', record.id, '--apply');
      expect({ id: record.id, action: record.action, code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
    }
    for (const path of paths) expect({ path, object: comparable(await get(path)) }).toEqual({ path, object: originals.get(path) });
    const quarantine = applied.find((record) => record.action === 'quarantine')!;
    expect((await get(`/apis/networking.k8s.io/v1/namespaces/payments/networkpolicies/eksguard-quarantine-${quarantine.id}`)).code).toBe(404);

    const again = await respond('undo', first.id, '--apply');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(new RegExp(`cannot undo: ${first.id} was already undone by \\S+ at `));

    // The role covering every request sent is checked in respond-role.test.ts, with every controller kind.
  });

  it('refuses an undo when the object changed since in a field it would write', async () => {
    await respond('--alerts', 'alerts.jsonl', '--playbook', 'playbooks.yaml', '--apply');
    const scale = (trail() as ActionRecord[]).find((record) => record.action === 'scale-to-zero' && record.outcome === 'applied')!;
    // Someone scaled it to 1 by hand since.
    await fetch(`${fake.url}/apis/apps/v1/namespaces/payments/deployments/api/scale`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ spec: { replicas: 1 } }) });
    const count = writes().length;
    const result = await respond('undo', scale.id, '--apply');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/apis/apps/v1/namespaces/payments/deployments/api/scale changed since the action at /spec/replicas (was 0, now 1); undoing would overwrite that change');
    expect(writes()).toHaveLength(count);
  });

  it('refuses invalid playbooks with file:line:column, before any request', async () => {
    writeFileSync(join(dir, 'playbooks.yaml'), PLAYBOOKS.replace('      - { action: quarantine }', '      - { action: quarantine, ports: [80] }'));
    const result = await respond('--alerts', 'alerts.jsonl', '--playbook', 'playbooks.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('playbooks.yaml:14:38: playbooks[0].actions[2].ports: unknown setting (quarantine takes none)');
    expect(fake.requests).toEqual([]);
  });

  it('reports unreadable alert lines by line number and answers the rest', async () => {
    writeFileSync(join(dir, 'alerts.jsonl'), `{"ruleId": 7}\nnot json\n${alertsText().split('\n')[0]}\n`);
    const result = await respond('--alerts', 'alerts.jsonl', '--playbook', 'playbooks.yaml');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('alerts.jsonl:1: not an alert: ruleId must be a string; skipped');
    expect(result.stderr).toMatch(/alerts\.jsonl:2: not JSON \(.*\); skipped/);
    expect(result.stderr).toContain('1 alert(s) read');
  });

  it('shows control characters from a playbook or an alert line escaped on stderr, never raw', async () => {
    writeFileSync(join(dir, 'bad-playbooks.yaml'), PLAYBOOKS.replace('{ action: cordon }', '{ action: "cordon\\e[31m\\e]0;title\\a" }'));
    const playbook = await respond('--alerts', 'alerts.jsonl', '--playbook', 'bad-playbooks.yaml');
    expect(playbook.code).toBe(2);
    expect(playbook.stderr).toContain('unknown action "cordon\\x1B[31m\\x1B]0;title\\x07"');
    writeFileSync(join(dir, 'alerts.jsonl'), '\u001b[2J{"ruleId":\n');
    const alerts = await respond('--alerts', 'alerts.jsonl', '--playbook', 'playbooks.yaml');
    expect(alerts.stderr).toMatch(/alerts\.jsonl:1: not JSON \(.*\\x1B\[2J.*\); skipped/);
    for (const stderr of [playbook.stderr, alerts.stderr]) {
      // eslint-disable-next-line no-control-regex -- what must not reach the terminal
      expect(stderr).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F]/);
    }
  });

  it('prints the role that deploy/kubernetes/eksguard-responder.yaml holds', async () => {
    const result = await run(['respond', 'role']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(new URL('../../deploy/kubernetes/eksguard-responder.yaml', import.meta.url), 'utf8'));
    expect(result.stdout).toContain('kind: ClusterRole');
  });
});

function query(request: FakeRequest): string {
  const text = new URLSearchParams(request.query).toString();
  return text ? `?${text}` : '';
}

/** An object minus what the server changes on every write. */
function comparable(object: any): unknown {
  if (!object?.metadata) return object;
  const { resourceVersion: _rv, managedFields: _mf, uid: _uid, creationTimestamp: _ct, generation: _g, ...metadata } = object.metadata;
  const { status: _status, ...rest } = object;
  return { ...rest, metadata };
}
