import { describe, expect, it } from 'vitest';
import { loadManifestText } from '../collect/files/index.js';
import { InventoryView } from './inventory-view.js';

function view(yaml: string): InventoryView {
  const loaded = loadManifestText(yaml, 'v.yaml');
  expect(loaded.errors).toEqual([]);
  return new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] }, loaded.sources);
}

const names = (inventory: InventoryView): string[] => inventory.workloads().map((workload) => `${workload.resource.kind}/${workload.resource.name}`);

const REPLICA_SET = `apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: web-5d8f, namespace: shop, uid: rs-1 }
spec:
  template:
    spec:
      containers: [{ name: web, image: nginx:1.27, securityContext: { runAsNonRoot: true } }]
`;

describe('InventoryView.workloads', () => {
  it('folds pods into the controller that runs exactly their template', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web-5d8f-abc
  namespace: shop
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, uid: rs-1, controller: true }]
spec:
  containers:
    - name: web
      image: nginx:1.27
      securityContext: { runAsNonRoot: true }
      volumeMounts: [{ name: kube-api-access-x1, mountPath: /var/run/secrets/kubernetes.io/serviceaccount, readOnly: true }]
`;
    expect(names(view(`${REPLICA_SET}---\n${pod}`))).toEqual(['ReplicaSet/web-5d8f']);
  });

  it('evaluates a pod that runs more than its template: an ephemeral debug container', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web-5d8f-abc
  namespace: shop
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, uid: rs-1, controller: true }]
spec:
  containers: [{ name: web, image: nginx:1.27, securityContext: { runAsNonRoot: true } }]
  ephemeralContainers: [{ name: debugger, image: busybox, securityContext: { privileged: true } }]
`;
    expect(names(view(`${REPLICA_SET}---\n${pod}`))).toEqual(['ReplicaSet/web-5d8f', 'Pod/web-5d8f-abc']);
  });

  it('does not believe an owner reference to a kind that cannot control the object, or with another uid', () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: { name: benign, namespace: app, uid: d-1 }
spec:
  template:
    spec:
      containers: [{ name: a, image: nginx }]
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: evil
  namespace: app
  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: benign, uid: d-1, controller: true }]
spec:
  template:
    spec:
      containers: [{ name: a, image: nginx, securityContext: { privileged: true } }]
---
${REPLICA_SET}---
apiVersion: v1
kind: Pod
metadata:
  name: impostor
  namespace: shop
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, uid: someone-else, controller: true }]
spec:
  containers: [{ name: web, image: nginx:1.27, securityContext: { runAsNonRoot: true } }]
`;
    expect(names(view(yaml))).toEqual(['Deployment/benign', 'DaemonSet/evil', 'ReplicaSet/web-5d8f', 'Pod/impostor']);
  });

  it('counts replicas of an absent owner once', () => {
    const pod = (name: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: gone, controller: true }]
spec:
  containers: [{ name: web, image: nginx }]
`;
    expect(names(view(`${pod('a')}---\n${pod('b')}`))).toEqual(['Pod/a']);
  });
});
