/**
 * The slice of a cluster the response tests act on, as the API server stores it: the payments
 * Deployment whose pod examples/audit/audit.jsonl execs into (Deployment → ReplicaSet → Pods with
 * ownerReferences, ready conditions, a node), the ClusterRoleBinding `ci-admin` it creates, a
 * kube-system pod for the protected-namespace guardrail, and pods of every other controller kind
 * a pod's owner chain can reach (DaemonSet, CronJob → Job, ReplicationController).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFakeKubeconfig } from '../../../test/fakes/kube/kubeconfig.js';
import { startFakeKube, type FakeKube } from '../../../test/fakes/kube/server.js';
import type { K8sObject } from '../../model/index.js';
import { run, type CliRun } from './run.js';

const CREATED = '2025-05-01T08:00:00Z';
let serial = 0;
function server(metadata: Record<string, unknown>): Record<string, unknown> {
  serial++;
  return { ...metadata, uid: `6d1f0c2a-0000-4000-8000-${String(serial).padStart(12, '0')}`, resourceVersion: String(90_000 + serial), creationTimestamp: CREATED };
}

function pod(namespace: string, name: string, owner: { kind: string; name: string; uid: string; apiVersion?: string }, labels: Record<string, string>, node: string): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: server({ name, namespace, labels, ownerReferences: [{ apiVersion: owner.apiVersion ?? 'apps/v1', kind: owner.kind, name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true }] }),
    spec: { nodeName: node, serviceAccountName: 'api', containers: [{ name: 'api', image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/payments-api:1.4.2', env: [{ name: 'STRIPE_KEY', value: 'sk_live_not_a_real_key_51H' }] }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: CREATED }] },
  };
}

export function respondClusterObjects(): K8sObject[] {
  serial = 0;
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { ...server({ name: 'api', namespace: 'payments', labels: { app: 'api' } }), generation: 4 },
    spec: { replicas: 3, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'payments-api:1.4.2' }] } } },
    status: { observedGeneration: 4, replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 },
  } as K8sObject;
  const dUid = (deployment.metadata as { uid: string }).uid;
  const replicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: server({ name: 'api-7d9c5b6f4', namespace: 'payments', labels: { app: 'api', 'pod-template-hash': '7d9c5b6f4' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: dUid, controller: true, blockOwnerDeletion: true }] }),
    spec: { replicas: 3, selector: { matchLabels: { app: 'api', 'pod-template-hash': '7d9c5b6f4' } } },
    status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 },
  } as K8sObject;
  const rs = { kind: 'ReplicaSet', name: 'api-7d9c5b6f4', uid: (replicaSet.metadata as { uid: string }).uid };
  const labels = { app: 'api', 'pod-template-hash': '7d9c5b6f4' };
  const coredns = pod('kube-system', 'coredns-5d78c9869d-h8x2w', { kind: 'ReplicaSet', name: 'coredns-5d78c9869d', uid: 'ffffffff-0000-4000-8000-000000000001' }, { 'k8s-app': 'kube-dns' }, 'ip-10-0-2-41.eu-west-1.compute.internal');
  const ledger = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { ...server({ name: 'ledger', namespace: 'payments', labels: { app: 'ledger' } }), generation: 2 },
    spec: { replicas: 2, serviceName: 'ledger', selector: { matchLabels: { app: 'ledger' } }, template: { metadata: { labels: { app: 'ledger' } }, spec: { containers: [{ name: 'ledger', image: 'ledger:2.0.1' }] } } },
    status: { observedGeneration: 2, replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2, availableReplicas: 2 },
  } as K8sObject;
  const ledgerOwner = { kind: 'StatefulSet', name: 'ledger', uid: (ledger.metadata as { uid: string }).uid };
  // A ReplicaSet nobody owns (created directly), as some batch tooling does.
  const worker = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: server({ name: 'worker-5f6d7', namespace: 'payments', labels: { app: 'worker' } }),
    spec: { replicas: 2, selector: { matchLabels: { app: 'worker' } }, template: { metadata: { labels: { app: 'worker' } }, spec: { containers: [{ name: 'worker', image: 'worker:0.9' }] } } },
    status: { replicas: 2, readyReplicas: 2, availableReplicas: 2 },
  } as K8sObject;
  const workerOwner = { kind: 'ReplicaSet', name: 'worker-5f6d7', uid: (worker.metadata as { uid: string }).uid };
  return [
    ...otherControllers(),
    ledger,
    pod('payments', 'ledger-0', ledgerOwner, { app: 'ledger', 'apps.kubernetes.io/pod-index': '0' }, 'ip-10-0-2-41.eu-west-1.compute.internal'),
    pod('payments', 'ledger-1', ledgerOwner, { app: 'ledger', 'apps.kubernetes.io/pod-index': '1' }, 'ip-10-0-1-17.eu-west-1.compute.internal'),
    worker,
    pod('payments', 'worker-5f6d7-r4k8d', workerOwner, { app: 'worker' }, 'ip-10-0-1-17.eu-west-1.compute.internal'),
    pod('payments', 'worker-5f6d7-m2p9x', workerOwner, { app: 'worker' }, 'ip-10-0-2-41.eu-west-1.compute.internal'),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: server({ name: 'debug-access', namespace: 'payments' }),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' }],
    },
    deployment,
    replicaSet,
    pod('payments', 'api-7d9c5b6f4-x2kqp', rs, labels, 'ip-10-0-1-17.eu-west-1.compute.internal'),
    pod('payments', 'api-7d9c5b6f4-b7m4n', rs, labels, 'ip-10-0-2-41.eu-west-1.compute.internal'),
    pod('payments', 'api-7d9c5b6f4-q9w2z', rs, labels, 'ip-10-0-1-17.eu-west-1.compute.internal'),
    coredns,
    ...['ip-10-0-1-17.eu-west-1.compute.internal', 'ip-10-0-2-41.eu-west-1.compute.internal'].map(
      (name) => ({ apiVersion: 'v1', kind: 'Node', metadata: server({ name, labels: { 'kubernetes.io/hostname': name, 'eks.amazonaws.com/nodegroup': 'general' } }), spec: { providerID: `aws:///eu-west-1a/i-0${name.slice(3, 12).replace(/-/g, '')}` } }),
    ),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: server({ name: 'ci-admin' }),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'ci-deployer', namespace: 'ci' }],
    },
  ];
}

const NODE_A = 'ip-10-0-1-17.eu-west-1.compute.internal';

/** A DaemonSet, a CronJob's Job and a ReplicationController in payments, each with one ready pod. */
function otherControllers(): K8sObject[] {
  const agent = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { ...server({ name: 'node-agent', namespace: 'payments', labels: { app: 'node-agent' } }), generation: 1 },
    spec: { selector: { matchLabels: { app: 'node-agent' } }, template: { metadata: { labels: { app: 'node-agent' } }, spec: { containers: [{ name: 'agent', image: 'node-agent:3.1' }] } } },
    status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, numberAvailable: 2 },
  } as K8sObject;
  const cron = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { ...server({ name: 'nightly-report', namespace: 'payments' }), generation: 1 },
    spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'report', image: 'report:1.0' }] } } } } },
  } as K8sObject;
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { ...server({ name: 'nightly-report-28912345', namespace: 'payments', labels: { 'job-name': 'nightly-report-28912345' }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly-report', uid: uidOf(cron), controller: true, blockOwnerDeletion: true }] }), generation: 1 },
    spec: { completions: 1, parallelism: 1, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'report', image: 'report:1.0' }] } } },
    status: { active: 1, ready: 1 },
  } as K8sObject;
  const legacy = {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { ...server({ name: 'legacy', namespace: 'payments', labels: { app: 'legacy' } }), generation: 1 },
    spec: { replicas: 1, selector: { app: 'legacy' }, template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'legacy', image: 'legacy:0.1' }] } } },
    status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
  } as K8sObject;
  return [
    agent,
    pod('payments', 'node-agent-7xk2p', { kind: 'DaemonSet', name: 'node-agent', uid: uidOf(agent) }, { app: 'node-agent' }, NODE_A),
    cron,
    job,
    pod('payments', 'nightly-report-28912345-k2x8p', { apiVersion: 'batch/v1', kind: 'Job', name: 'nightly-report-28912345', uid: uidOf(job) }, { 'job-name': 'nightly-report-28912345' }, NODE_A),
    legacy,
    pod('payments', 'legacy-x7k2p', { apiVersion: 'v1', kind: 'ReplicationController', name: 'legacy', uid: uidOf(legacy) }, { app: 'legacy' }, NODE_A),
  ];
}

function uidOf(object: K8sObject): string {
  return (object.metadata as { uid: string }).uid;
}

/** The fake API server holding the objects above, and a working folder with a kubeconfig for it. */
export interface RespondCluster {
  fake: FakeKube;
  dir: string;
  kubeconfig: string;
  /** `eksguard respond …` (or `respond undo …`) against the fake, with the trail in `dir`. */
  respond(...args: string[]): Promise<CliRun>;
  close(): Promise<void>;
}

/** Starts the fake with respondClusterObjects() and writes `files` (name → text) into a new folder. */
export async function startRespondCluster(files: Record<string, string>): Promise<RespondCluster> {
  const fake = await startFakeKube({ objects: respondClusterObjects() });
  const dir = mkdtempSync(join(tmpdir(), 'respond-'));
  const kubeconfig = writeFakeKubeconfig(dir, fake.url);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return {
    fake,
    dir,
    kubeconfig,
    // Options after the subcommand: `respond undo` has its own (the parent's stop at the subcommand).
    respond: (...args) => {
      const common = ['--kubeconfig', kubeconfig, '--trail', join(dir, 'trail.jsonl')];
      const argv = args[0] === 'undo' ? ['respond', 'undo', ...common, ...args.slice(1)] : ['respond', ...common, ...args];
      return run(argv, { cwd: dir, env: { HOME: dir } });
    },
    close: () => fake.close(),
  };
}
