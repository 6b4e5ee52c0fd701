import { describe, expect, it } from 'vitest';
import { InventoryView, type Workload } from '../../inventory/index.js';
import { loadManifestText } from '../../collect/files/index.js';
import { meshPresence, mtlsVerdict } from './service-mesh.js';

function view(yaml: string): InventoryView {
  const loaded = loadManifestText(yaml, 'test.yaml');
  expect(loaded.errors).toEqual([]);
  return new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] });
}

function workload(inventory: InventoryView, name: string): Workload {
  return inventory.workloads().find((w) => w.object.metadata?.name === name)!;
}

const deploy = (name: string, namespace: string, labels: string): string => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  template:
    metadata: { labels: ${labels} }
    spec: { containers: [{ name: app, image: app }] }
`;

describe('meshPresence', () => {
  it('finds no mesh in a plain cluster, and each mesh by its markers', () => {
    expect(meshPresence(view(deploy('web', 'shop', '{ app: web }')))).toEqual({ istio: false, linkerd: false, appMesh: false });
    expect(meshPresence(view('apiVersion: v1\nkind: Namespace\nmetadata: { name: a, labels: { istio.io/dataplane-mode: ambient } }')).istio).toBe(true);
    expect(meshPresence(view('apiVersion: v1\nkind: Namespace\nmetadata: { name: a, annotations: { linkerd.io/inject: enabled } }')).linkerd).toBe(true);
  });
});

describe('mtlsVerdict (Istio precedence)', () => {
  const base = `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { istio-injection: enabled } }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: mesh-root }
spec: { mtls: { mode: STRICT } }
---
${deploy('web', 'shop', '{ app: web }')}
`;

  it('uses the mesh-wide policy of the configured root namespace', () => {
    const inventory = view(base);
    expect(mtlsVerdict(inventory, workload(inventory, 'web'), 'mesh-root').strict).toBe(true);
    expect(mtlsVerdict(inventory, workload(inventory, 'web'), 'istio-system').strict).toBe(false);
  });

  it('lets UNSET inherit and picks the oldest workload policy', () => {
    const inventory = view(`${base}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: ns, namespace: shop }
spec: { mtls: { mode: UNSET } }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: newer, namespace: shop, creationTimestamp: "2025-02-01T00:00:00Z" }
spec: { selector: { matchLabels: { app: web } }, mtls: { mode: STRICT } }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: older, namespace: shop, creationTimestamp: "2024-01-01T00:00:00Z" }
spec: { selector: { matchLabels: { app: web } }, mtls: { mode: PERMISSIVE } }
`);
    expect(mtlsVerdict(inventory, workload(inventory, 'web'), 'mesh-root')).toMatchObject({
      strict: false,
      reason: 'workload PeerAuthentication shop/older sets mTLS mode PERMISSIVE',
    });
  });

  it('treats an injected istio-proxy container as enrolled', () => {
    const inventory = view(`
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: plain, labels: { app: web } }
spec: { containers: [{ name: app, image: app }, { name: istio-proxy, image: istio/proxyv2 }] }
`);
    expect(mtlsVerdict(inventory, workload(inventory, 'web'), 'istio-system')).toMatchObject({ strict: false, mesh: 'Istio' });
  });
});
