import { describe, expect, it } from 'vitest';
import { loadManifestText } from '../../collect/files/index.js';
import { InventoryView } from '../../inventory/index.js';
import { longRunningWorkloads, probedContainers } from './probe-targets.js';

const loaded = loadManifestText(
  `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      initContainers: [{ name: init, image: busybox:1.36 }]
      containers: [{ name: web, image: nginx:1.27 }, { name: sidecar, image: envoyproxy/envoy:v1.30.1 }]
---
apiVersion: batch/v1
kind: Job
metadata: { name: once, namespace: shop }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: once, image: busybox:1.36 }]
---
apiVersion: v1
kind: Pod
metadata: { name: run, namespace: shop }
spec:
  restartPolicy: OnFailure
  containers: [{ name: run, image: busybox:1.36 }]
---
apiVersion: v1
kind: Pod
metadata: { name: always, namespace: shop }
spec:
  containers: [{ name: always, image: busybox:1.36 }]
`,
  'probes.yaml',
);
const inventory = new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] }, loaded.sources);

describe('probe targets', () => {
  it('keeps long-running workloads only', () => {
    expect(longRunningWorkloads(inventory).map((workload) => workload.resource.name)).toEqual(['web', 'always']);
  });

  it('probes app containers only', () => {
    const [web] = longRunningWorkloads(inventory);
    expect(probedContainers(web!).map((ref) => ref.name)).toEqual(['web', 'sidecar']);
  });
});
