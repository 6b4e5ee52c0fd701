/**
 * The responder's ClusterRole against what the responder really sends: every action and every
 * undo run through the fake API server on pods of each controller kind, and the (verb, resource)
 * pairs of the requests it received — a GET of a collection is `list`, not `get` — must be
 * exactly what the role grants, no more and no less.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeKube, type FakeRequest } from '../../test/fakes/kube/server.js';
import type { Alert } from '../model/index.js';
import { readTrailFile, RESPONDER_RULES, roleAllows, type ActionRecord } from '../respond/responder/index.js';
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
    match: { rules: [k8s-exec-into-pod] }
    minHealthyReplicas: 0
    actions:
      - { action: label, labels: { security.eksguard.io/incident: exec } }
      - { action: annotate, annotations: { security.eksguard.io/note: "see trail" } }
      - { action: quarantine }
      - { action: cordon }
      - { action: scale-to-zero }
      - { action: notify, notifier: log }
  - name: remove-bindings
    match: { rules: [k8s-cluster-admin-binding-created] }
    actions: [{ action: delete-binding }]
`;

const PODS = ['api-7d9c5b6f4-x2kqp', 'ledger-0', 'worker-5f6d7-r4k8d', 'node-agent-7xk2p', 'nightly-report-28912345-k2x8p', 'legacy-x7k2p'];

function alert(ruleId: string, object: Alert['object'], eventId: string): Alert {
  return {
    ruleId,
    title: ruleId,
    severity: 'high',
    mitre: { tactic: 'Execution', technique: 'T1609' },
    source: 'k8s-audit',
    output: `alice on ${object.name ?? ''}`,
    time: '2025-05-12T10:16:47Z',
    subject: { name: 'alice', groups: ['system:authenticated'], sourceIPs: ['203.0.113.45'] },
    object,
    eventId,
  };
}

let cluster: RespondCluster;
let fake: FakeKube;
let dir: string;

beforeEach(async () => {
  const alerts = [
    ...PODS.map((name) => alert('k8s-exec-into-pod', { resource: 'pods', subresource: 'exec', namespace: 'payments', name, apiGroup: '' }, `exec-${name}`)),
    alert('k8s-cluster-admin-binding-created', { resource: 'clusterrolebindings', name: 'ci-admin', apiGroup: 'rbac.authorization.k8s.io' }, 'crb'),
    alert('k8s-cluster-admin-binding-created', { resource: 'rolebindings', namespace: 'payments', name: 'debug-access', apiGroup: 'rbac.authorization.k8s.io' }, 'rb'),
  ];
  cluster = await startRespondCluster({ 'playbooks.yaml': PLAYBOOKS, 'alerts.jsonl': alerts.map((item) => JSON.stringify(item)).join('\n') + '\n' });
  ({ fake, dir } = cluster);
});

afterEach(() => cluster.close());

const respond = (...args: string[]) => cluster.respond(...args);

/** `verb group resource[/subresource]` as RBAC sees the request. */
function verbAndResource(request: FakeRequest): string {
  const parts = request.path.split('/').filter(Boolean);
  const group = parts[0] === 'api' ? '' : parts[1]!;
  let rest = parts[0] === 'api' ? parts.slice(2) : parts.slice(3);
  if (rest[0] === 'namespaces' && rest.length > 2) rest = rest.slice(2);
  const [resource, name, subresource] = rest;
  const verb = request.method === 'GET' ? (name === undefined ? 'list' : 'get') : ({ POST: 'create', PATCH: 'patch', PUT: 'update', DELETE: 'delete' }[request.method] ?? request.method);
  return `${verb} ${group} ${resource!}${subresource ? `/${subresource}` : ''}`;
}

describe('the responder ClusterRole', () => {
  it('grants exactly what planning, applying and undoing every action send', async () => {
    const result = await respond('--alerts', 'alerts.jsonl', '--playbook', 'playbooks.yaml', '--apply');
    expect(result.stderr).not.toContain('failed');
    expect(result.code).toBe(0);
    const records = readTrailFile(join(dir, 'trail.jsonl')).records as ActionRecord[];
    const applied = records.filter((record) => record.outcome === 'applied' && record.action !== 'notify');
    // Each controller kind was walked: the DaemonSet, CronJob and ReplicationController pods are quarantined, not scaled.
    expect(applied.filter((record) => record.action === 'quarantine').map((record) => record.target?.name)).toEqual(PODS);
    expect(records.filter((record) => record.action === 'scale-to-zero' && record.outcome === 'skipped').map((record) => record.reason)).toEqual([
      'DaemonSet payments/node-agent cannot be scaled (only Deployments, StatefulSets and ReplicaSets have replicas)',
      'CronJob payments/nightly-report cannot be scaled (only Deployments, StatefulSets and ReplicaSets have replicas)',
      'ReplicationController payments/legacy cannot be scaled (only Deployments, StatefulSets and ReplicaSets have replicas)',
    ]);
    for (const record of [...applied].reverse()) {
      const undo = await respond('undo', record.id, '--apply');
      expect({ id: record.id, action: record.action, code: undo.code, stderr: undo.stderr }).toMatchObject({ code: 0 });
    }

    const used = new Set(fake.requests.map(verbAndResource));
    for (const pair of used) expect(roleAllows(...(pair.split(' ') as [string, string, string])), pair).toBe(true);
    const granted = RESPONDER_RULES.flatMap((rule) => rule.apiGroups.flatMap((group) => rule.resources.flatMap((resource) => rule.verbs.map((verb) => `${verb} ${group} ${resource}`))));
    expect(granted.filter((pair) => !used.has(pair)).sort()).toEqual([]);
  });

  it('is what `respond role` prints and deploy/kubernetes/eksguard-responder.yaml holds', async () => {
    const printed = (await run(['respond', 'role'])).stdout;
    expect(printed).toBe(readFileSync(new URL('../../deploy/kubernetes/eksguard-responder.yaml', import.meta.url), 'utf8'));
    expect(printed).toContain('    resources: ["networkpolicies"]\n    verbs: ["get", "list", "create", "delete"]');
  });
});
