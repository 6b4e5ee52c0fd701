import { describe, expect, it } from 'vitest';
import { InventoryView } from '../../inventory/index.js';
import { loadManifestText } from '../../collect/files/index.js';
import { exposuresOf } from './service-exposure.js';

function exposures(yaml: string): Array<{ label: string; targetPorts: Array<number | string> }> {
  const loaded = loadManifestText(yaml, 'test.yaml');
  expect(loaded.errors).toEqual([]);
  const inventory = new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] });
  const workload = inventory.workloads().find((w) => w.object.metadata?.name === 'db')!;
  return exposuresOf(inventory, workload).map(({ label, targetPorts }) => ({ label, targetPorts }));
}

const DB = `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: data }
spec:
  template:
    metadata: { labels: { app: db, tier: data } }
    spec: { containers: [{ name: db, image: postgres:16 }] }
`;

describe('exposuresOf', () => {
  it('finds LoadBalancer, NodePort and externalIPs Services that select the pods', () => {
    expect(
      exposures(`${DB}
---
apiVersion: v1
kind: Service
metadata: { name: lb, namespace: data }
spec: { type: LoadBalancer, selector: { app: db }, ports: [{ port: 5432 }] }
---
apiVersion: v1
kind: Service
metadata: { name: np, namespace: data }
spec: { type: NodePort, selector: { app: db, tier: data }, ports: [{ port: 80, targetPort: pg }] }
---
apiVersion: v1
kind: Service
metadata: { name: ext, namespace: data }
spec: { externalIPs: [203.0.113.1], selector: { app: db }, ports: [{ port: 5432 }] }
---
apiVersion: v1
kind: Service
metadata: { name: internal, namespace: data }
spec: { selector: { app: db }, ports: [{ port: 5432 }] }
---
apiVersion: v1
kind: Service
metadata: { name: other-ns, namespace: web }
spec: { type: LoadBalancer, selector: { app: db }, ports: [{ port: 5432 }] }
---
apiVersion: v1
kind: Service
metadata: { name: no-selector, namespace: data }
spec: { type: LoadBalancer, ports: [{ port: 5432 }] }
`),
    ).toEqual([
      { label: 'internet-facing LoadBalancer Service data/lb', targetPorts: [5432] },
      { label: 'NodePort Service data/np', targetPorts: ['pg'] },
      { label: 'Service data/ext with externalIPs', targetPorts: [5432] },
    ]);
  });

  it('follows Ingress backends by port number or name, including the default backend', () => {
    expect(
      exposures(`${DB}
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: data }
spec: { selector: { app: db }, ports: [{ name: http, port: 80, targetPort: 8080 }, { name: admin, port: 81, targetPort: 9090 }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: by-name, namespace: data }
spec:
  defaultBackend: { service: { name: db, port: { name: admin } } }
  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: db, port: { number: 80 } } } }] } }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: missing-port, namespace: data }
spec:
  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: db, port: { number: 9999 } } } }] } }]
`),
    ).toEqual([
      { label: 'Ingress data/by-name (via Service data/db)', targetPorts: [9090] },
      { label: 'Ingress data/by-name (via Service data/db)', targetPorts: [8080] },
    ]);
  });
});
