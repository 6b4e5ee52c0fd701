import { describe, expect, it } from 'vitest';
import { loadManifestText } from '../../collect/files/index.js';
import { InventoryView } from '../../inventory/index.js';
import { scopeOf } from './object-scope.js';

function view(yaml: string): InventoryView {
  const loaded = loadManifestText(yaml, 'scope.yaml');
  expect(loaded.errors).toEqual([]);
  return new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] }, loaded.sources);
}

const inventory = view(`
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.acme.io }
spec: { group: acme.io, scope: Cluster, names: { kind: Widget, plural: widgets }, versions: [] }
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: gadgets.acme.io }
spec: { group: acme.io, scope: Namespaced, names: { kind: Gadget, plural: gadgets }, versions: [] }
`);

describe('scopeOf', () => {
  it.each([
    ['v1', 'ConfigMap', 'namespaced'],
    ['v1', 'Namespace', 'cluster'],
    ['v1', 'PersistentVolume', 'cluster'],
    ['v1', 'PersistentVolumeClaim', 'namespaced'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'cluster'],
    ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'namespaced'],
    ['networking.k8s.io/v1', 'IngressClass', 'cluster'],
    ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'cluster'],
    ['karpenter.sh/v1', 'NodePool', 'cluster'],
    ['cert-manager.io/v1', 'Certificate', 'namespaced'],
    ['cert-manager.io/v1', 'ClusterIssuer', 'cluster'],
    ['constraints.gatekeeper.sh/v1beta1', 'K8sRequiredLabels', 'cluster'],
    ['acme.io/v1', 'Widget', 'cluster'],
    ['acme.io/v1', 'Gadget', 'namespaced'],
    ['acme.io/v1', 'Gizmo', 'unknown'],
  ])('%s %s is %s', (apiVersion, kind, scope) => {
    expect(scopeOf(inventory, { apiVersion, kind, metadata: { name: 'x' } })).toBe(scope);
  });
});
