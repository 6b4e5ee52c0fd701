import { describe, expect, it } from 'vitest';
import { loadManifestText } from '../../collect/files/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { InventoryView } from '../../inventory/index.js';
import { missingResources, namespaceDefaults } from './container-resources.js';

function view(yaml: string): InventoryView {
  const loaded = loadManifestText(yaml, 'resources.yaml');
  expect(loaded.errors).toEqual([]);
  return new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] }, loaded.sources);
}

describe('namespaceDefaults', () => {
  it('applies the API defaulting of LimitRange items (default ← max, defaultRequest ← default ← min)', () => {
    const inventory = view(`
apiVersion: v1
kind: LimitRange
metadata: { name: a, namespace: one }
spec:
  limits:
    - { type: Container, max: { memory: 1Gi } }
    - { type: Container, min: { cpu: 10m } }
    - { type: Pod, max: { cpu: "8" } }
---
apiVersion: v1
kind: LimitRange
metadata: { name: b, namespace: two }
spec:
  limits: [{ type: Container, defaultRequest: { cpu: 100m } }]
---
apiVersion: v1
kind: LimitRange
metadata: { name: odd, namespace: three }
spec: { limits: "not a list" }
`);
    const defaults = namespaceDefaults(inventory);
    expect(defaults.get('one')).toEqual({ limits: new Set(['memory']), requests: new Set(['memory', 'cpu']) });
    expect(defaults.get('two')).toEqual({ limits: new Set(), requests: new Set(['cpu']) });
    expect(defaults.get('three')).toEqual({ limits: new Set(), requests: new Set() });
  });
});

describe('missingResources', () => {
  const inventory = view(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  initContainers:
    - { name: init, image: busybox:1.36, resources: { requests: { memory: 32Mi } } }
  containers:
    - { name: app, image: ghcr.io/acme/app:1, resources: { limits: { cpu: "1" } } }
  ephemeralContainers:
    - { name: debug, image: busybox:1.36 }
`);
  const [workload] = inventory.workloads();

  it('lists absent limits with the container request to suggest', () => {
    const missing = missingResources(workload!, inventory, 'limits');
    expect(missing.map((entry) => [entry.ref.name, entry.resource, formatPath(entry.path), entry.request])).toEqual([
      ['app', 'memory', 'spec.containers[0].resources.limits.memory', undefined],
      ['init', 'memory', 'spec.initContainers[0].resources.limits.memory', '32Mi'],
      ['init', 'cpu', 'spec.initContainers[0].resources.limits.cpu', undefined],
    ]);
  });

  it('counts a limit as the request', () => {
    const missing = missingResources(workload!, inventory, 'requests');
    expect(missing.map((entry) => [entry.ref.name, entry.resource])).toEqual([
      ['app', 'memory'],
      ['init', 'cpu'],
    ]);
  });
});
