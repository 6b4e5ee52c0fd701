/**
 * A small cluster as its API server stores it, for the response action tests: a Deployment
 * with its ReplicaSet and ready pods (ownerReferences with matching uids), a StatefulSet, a
 * DaemonSet, a bare pod, two nodes (one cordoned), bindings an attacker made and ones the
 * platform owns, and a NetworkPolicy that already selects the Deployment's pods.
 */
import type { Alert, AlertObject, K8sObject } from '../../../model/index.js';

const CREATED = '2025-03-04T09:12:00Z';
export const NODE = 'ip-10-0-1-17.eu-west-1.compute.internal';
export const CORDONED_NODE = 'ip-10-0-2-33.eu-west-1.compute.internal';
export const API_POD = 'api-7c9f8d6b5-x2kfp';

let serial = 0;
function meta(name: string, namespace: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  serial++;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    uid: `0b6c8f2e-${String(serial).padStart(4, '0')}-4c1a-9d3e-5f7a2b8c${String(serial).padStart(4, '0')}`,
    resourceVersion: String(4000 + serial * 13),
    creationTimestamp: CREATED,
    ...extra,
  };
}

const ready = [
  { type: 'Initialized', status: 'True', lastTransitionTime: CREATED },
  { type: 'Ready', status: 'True', lastTransitionTime: CREATED },
  { type: 'ContainersReady', status: 'True', lastTransitionTime: CREATED },
  { type: 'PodScheduled', status: 'True', lastTransitionTime: CREATED },
];

function ownerRef(owner: K8sObject): Record<string, unknown> {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata!.name, uid: owner.metadata!.uid, controller: true, blockOwnerDeletion: true };
}

function pod(name: string, namespace: string, labels: Record<string, string> | undefined, owner: K8sObject | undefined, node: string, isReady = true): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, namespace, { ...(labels ? { labels } : {}), ...(owner ? { ownerReferences: [ownerRef(owner)] } : {}) }),
    spec: { nodeName: node, serviceAccountName: 'default', containers: [{ name: 'main', image: 'public.ecr.aws/docker/library/nginx:1.27' }] },
    status: { phase: 'Running', conditions: isReady ? ready : ready.map((condition) => (condition.type === 'Ready' || condition.type === 'ContainersReady' ? { ...condition, status: 'False' } : condition)) },
  };
}

export function actionCluster(): K8sObject[] {
  serial = 0;
  const namespaces = ['shop', 'kube-system'].map((name): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, undefined, { labels: { 'kubernetes.io/metadata.name': name } }), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }));
  const nodes = [NODE, CORDONED_NODE].map((name, index): K8sObject => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(name, undefined, { labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `eu-west-1${'ab'[index]!}` } }),
    spec: { providerID: `aws:///eu-west-1${'ab'[index]!}/i-0${index}4f2a9c7d1e3b5a8`, ...(index === 1 ? { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: CREATED }] } : {}) },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  }));
  const selector = { matchLabels: { app: 'api' } };
  const deployment: K8sObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('api', 'shop', { generation: 2, labels: { app: 'api' }, annotations: { 'deployment.kubernetes.io/revision': '1' } }),
    spec: { replicas: 3, selector, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'main', image: 'public.ecr.aws/docker/library/nginx:1.27' }] } } },
    status: { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 },
  };
  const replicaSet: K8sObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta('api-7c9f8d6b5', 'shop', { generation: 1, labels: { app: 'api', 'pod-template-hash': '7c9f8d6b5' }, ownerReferences: [ownerRef(deployment)] }),
    spec: { replicas: 3, selector: { matchLabels: { app: 'api', 'pod-template-hash': '7c9f8d6b5' } } },
    status: { replicas: 3, readyReplicas: 3, availableReplicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 },
  };
  const apiLabels = { app: 'api', 'pod-template-hash': '7c9f8d6b5' };
  const statefulSet: K8sObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta('db', 'shop', { generation: 1 }),
    spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } } },
    status: { replicas: 1, readyReplicas: 1, currentReplicas: 1 },
  };
  const daemonSet: K8sObject = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta('log-agent', 'shop', { generation: 1 }),
    spec: { selector: { matchLabels: { app: 'log-agent' } } },
    status: { desiredNumberScheduled: 2, numberReady: 2, currentNumberScheduled: 2, numberAvailable: 2 },
  };
  const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, namespace: string | undefined, role: string, labels?: Record<string, string>): K8sObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: meta(name, namespace, { ...(labels ? { labels, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } } : {}), managedFields: [{ manager: 'kubectl-create', operation: 'Update', apiVersion: 'rbac.authorization.k8s.io/v1', time: CREATED, fieldsType: 'FieldsV1', fieldsV1: { 'f:roleRef': {}, 'f:subjects': {} } }] }),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'mallory' }],
  });
  return [
    ...namespaces,
    ...nodes,
    deployment,
    replicaSet,
    pod(API_POD, 'shop', apiLabels, replicaSet, NODE),
    pod('api-7c9f8d6b5-q8wzn', 'shop', apiLabels, replicaSet, NODE),
    pod('api-7c9f8d6b5-m4tjl', 'shop', apiLabels, replicaSet, CORDONED_NODE, false),
    statefulSet,
    pod('db-0', 'shop', { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0' }, statefulSet, NODE),
    daemonSet,
    pod('log-agent-7xk2p', 'shop', { app: 'log-agent' }, daemonSet, NODE),
    pod('debug-shell', 'shop', undefined, undefined, CORDONED_NODE),
    pod('pending', 'shop', { app: 'pending' }, undefined, ''),
    binding('RoleBinding', 'backdoor-admin', 'shop', 'admin'),
    binding('ClusterRoleBinding', 'backdoor-cluster-admin', undefined, 'cluster-admin'),
    binding('ClusterRoleBinding', 'system:basic-user', undefined, 'system:basic-user', { 'kubernetes.io/bootstrapping': 'rbac-defaults' }),
    binding('ClusterRoleBinding', 'eks:addon-manager', undefined, 'eks:addon-manager'),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('allow-web-to-api', 'shop', { generation: 1 }),
      spec: { podSelector: selector, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }] },
    },
  ];
}

/** An alert of a k8s-audit rule about `object`, as the detection engine makes them. */
export function alertOn(object: AlertObject, ruleId = 'k8s-exec-into-pod'): Alert {
  return {
    ruleId,
    title: 'Exec into a pod',
    severity: 'high',
    mitre: { tactic: 'execution', technique: 'T1609' },
    source: 'k8s-audit',
    output: `mallory ran exec on ${object.resource ?? ''} ${object.namespace ?? ''}/${object.name ?? ''}`,
    time: '2025-03-05T10:00:00.000000Z',
    subject: { name: 'mallory', groups: ['system:authenticated'], sourceIPs: ['203.0.113.7'] },
    object,
    eventId: '9f0c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f',
  };
}
