import { describe, expect, it } from 'vitest';
import { InventoryView } from '../../inventory/index.js';
import { loadManifestText } from '../../collect/files/index.js';
import { egressVerdict, type EgressVerdict } from './egress-reachability.js';
import { policyCoverage } from './policy-coverage.js';

const IMDS = { address: '169.254.169.254', port: 80, protocol: 'TCP' } as const;

const APP = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: app, namespace: shop }
spec:
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
`;

function verdict(policies: string): EgressVerdict {
  const loaded = loadManifestText(`${APP}\n---\n${policies}`, 'test.yaml');
  expect(loaded.errors).toEqual([]);
  const inventory = new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] });
  const [workload] = inventory.workloads();
  return egressVerdict(inventory, policyCoverage(inventory), workload!, IMDS);
}

describe('egressVerdict to the instance metadata service', () => {
  it('is reachable without egress policy', () => {
    expect(verdict('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: shop }')).toEqual({
      reachable: true,
      because: 'no-egress-policy',
    });
  });

  it('Kubernetes: egress to 0.0.0.0/0 reaches it unless excepted; DNS-only does not', () => {
    const open = verdict(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: out, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - ports: [{ port: 53, protocol: UDP }]
    - to: [{ ipBlock: { cidr: 0.0.0.0/0 } }]
`);
    expect(open).toMatchObject({ reachable: true, because: 'allowed', path: ['spec', 'egress', 1, 'to', 0] });
    const excepted = verdict(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: out, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{ to: [{ ipBlock: { cidr: 0.0.0.0/0, except: [169.254.169.254/32] } }] }]
`);
    expect(excepted).toMatchObject({ reachable: false, because: 'not-allowed' });
  });

  it('Kubernetes: an egress rule without peers and ports reaches everything', () => {
    expect(
      verdict(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: all, namespace: shop }
spec: { podSelector: {}, egress: [{}] }
`),
    ).toMatchObject({ reachable: true, path: ['spec', 'egress', 0] });
  });

  it('Cilium: world entity allows, egressDeny wins', () => {
    expect(
      verdict(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: out, namespace: shop }
spec:
  endpointSelector: {}
  egress: [{ toEntities: [world] }]
`),
    ).toMatchObject({ reachable: true, path: ['spec', 'egress', 0] });
    expect(
      verdict(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: out, namespace: shop }
spec:
  endpointSelector: {}
  egress: [{ toEntities: [world] }]
  egressDeny: [{ toCIDR: [169.254.169.254/32] }]
`),
    ).toMatchObject({ reachable: false, because: 'denied', path: ['spec', 'egressDeny', 0] });
    expect(
      verdict(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: out, namespace: shop }
spec:
  endpointSelector: {}
  egress:
    - toCIDRSet: [{ cidr: 0.0.0.0/0, except: [169.254.0.0/16] }]
    - toPorts: [{ ports: [{ port: "443", protocol: TCP }] }]
`),
    ).toMatchObject({ reachable: false, because: 'not-allowed' });
  });

  it('Calico: ordered first match, Deny before Allow, network sets', () => {
    expect(
      verdict(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: deny-imds }
spec:
  order: 10
  selector: all()
  types: [Egress]
  egress:
    - action: Deny
      destination: { selector: "role == 'imds'" }
    - action: Pass
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: { name: imds, labels: { role: imds } }
spec: { nets: [169.254.169.254/32] }
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: allow-all, namespace: shop }
spec: { order: 100, selector: all(), egress: [{ action: Allow }] }
`),
    ).toMatchObject({ reachable: false, because: 'denied', path: ['spec', 'egress', 0] });
    expect(
      verdict(`
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: web-out, namespace: shop }
spec:
  selector: all()
  egress:
    - action: Allow
      protocol: TCP
      destination: { nets: [0.0.0.0/0], notNets: [10.0.0.0/8], ports: [80, "443:8443"] }
`),
    ).toMatchObject({ reachable: true, path: ['spec', 'egress', 0] });
  });
});
