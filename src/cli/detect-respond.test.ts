/** `eksguard detect … --respond`: the alerts of an audit file answered by playbooks against the fake API server. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFakeKubeconfig } from '../../test/fakes/kube/kubeconfig.js';
import { startFakeKube, type FakeKube } from '../../test/fakes/kube/server.js';
import { readTrailFile, type ActionRecord } from '../respond/responder/index.js';
import { respondClusterObjects } from './test-support/respond-cluster.js';
import { run } from './test-support/run.js';

const PLAYBOOKS = `apiVersion: eksguard.io/v1alpha1
kind: ResponsePlaybooks
playbooks:
  - name: contain-exec
    match: { rules: [k8s-exec-into-pod], namespaces: [payments] }
    actions:
      - { action: quarantine }
  - name: remove-admin-binding
    match: { rules: [k8s-cluster-admin-binding-created], minSeverity: high }
    actions:
      - { action: delete-binding }
`;

let fake: FakeKube;
let dir: string;
let kubeconfig: string;

beforeEach(async () => {
  fake = await startFakeKube({ objects: respondClusterObjects() });
  dir = mkdtempSync(join(tmpdir(), 'detect-respond-'));
  kubeconfig = writeFakeKubeconfig(dir, fake.url);
  writeFileSync(join(dir, 'playbooks.yaml'), PLAYBOOKS);
});

afterEach(async () => {
  await fake.close();
});

const detect = (...extra: string[]) =>
  run(['detect', 'examples/audit/audit.jsonl', '--format', 'jsonl', '--fail-on', 'none', '--respond', join(dir, 'playbooks.yaml'), '--kubeconfig', kubeconfig, '--trail', join(dir, 'trail.jsonl'), ...extra], { env: { HOME: dir } });
const writes = () => fake.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`);

describe('eksguard detect --respond', () => {
  it('plans responses to the alerts it sends, without writing', async () => {
    const result = await detect();
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(result.stderr).toContain('eksguard detect: respond: DRY RUN: nothing is changed in the cluster; add --apply to act');
    expect(result.stderr).toMatch(/eksguard detect: respond: \S+ planned quarantine Pod\/payments\/api-7d9c5b6f4-x2kqp \(k8s-exec-into-pod\): quarantine/);
    expect(result.stderr).toMatch(/eksguard detect: respond: \S+ planned delete-binding ClusterRoleBinding\/ci-admin \(k8s-cluster-admin-binding-created\)/);
    expect(result.stderr).toMatch(/respond: 2 of \d+ alert\(s\) matched a playbook; actions: 2 planned; trail: /);
    expect(writes()).toEqual([]);
  });

  it('with --apply, acts and records it in the trail', async () => {
    const result = await detect('--apply');
    expect(result.code).toBe(0);
    const records = readTrailFile(join(dir, 'trail.jsonl')).records as ActionRecord[];
    expect(records.map((record) => [record.action, record.outcome, record.mode])).toEqual([
      ['quarantine', 'applied', 'applied'],
      ['delete-binding', 'applied', 'applied'],
    ]);
    const id = records[0]!.id;
    expect(writes()).toEqual([
      'POST /apis/networking.k8s.io/v1/namespaces/payments/networkpolicies',
      'PATCH /api/v1/namespaces/payments/pods/api-7d9c5b6f4-x2kqp',
      'DELETE /apis/rbac.authorization.k8s.io/v1/clusterrolebindings/ci-admin',
    ]);
    expect(result.stderr).toContain(`respond: ${id} applied quarantine Pod/payments/api-7d9c5b6f4-x2kqp`);
    // A second run over the same file: the trail makes both duplicates (or already done), nothing is sent again.
    const before = writes().length;
    const again = await detect('--apply');
    expect(again.code).toBe(0);
    expect(writes()).toHaveLength(before);
    expect(again.stderr).toMatch(/actions: 2 skipped/);
  });

  it('refuses --apply without --respond, and bad playbooks before reading input', async () => {
    const apply = await run(['detect', 'examples/audit/audit.jsonl', '--apply']);
    expect(apply.code).toBe(2);
    expect(apply.stderr).toContain('--apply goes with --respond PLAYBOOKS');
    writeFileSync(join(dir, 'playbooks.yaml'), PLAYBOOKS.replace('minSeverity: high', 'minSeverity: severe'));
    const bad = await detect();
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('playbooks.yaml:9:71: playbooks[1].match.minSeverity: must be critical, high, medium, low or info');
    expect(bad.stdout).toBe('');
    expect(fake.requests).toEqual([]);
  });
});
