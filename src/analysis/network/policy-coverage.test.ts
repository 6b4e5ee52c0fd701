import { describe, expect, it } from 'vitest';
import { InventoryView, type Workload } from '../../inventory/index.js';
import { loadManifestText } from '../../collect/files/index.js';
import { policyCoverage } from './policy-coverage.js';

function view(yaml: string): InventoryView {
  const loaded = loadManifestText(yaml, 'test.yaml');
  expect(loaded.errors).toEqual([]);
  return new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] }, loaded.sources);
}

function workload(inventory: InventoryView, name: string): Workload {
  const found = inventory.workloads().find((w) => w.object.metadata?.name === name);
  if (!found) throw new Error(`no workload ${name}`);
  return found;
}

function selecting(inventory: InventoryView, name: string, direction: 'Ingress' | 'Egress'): string[] {
  return policyCoverage(inventory)
    .selecting(workload(inventory, name), direction)
    .map((selection) => selection.policy.label)
    .sort();
}

const PODS = `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { team: payments } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    metadata: { labels: { app: web, tier: front } }
    spec: { containers: [{ name: web, image: nginx }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: db, namespace: shop }
spec:
  template:
    metadata: { labels: { app: db } }
    spec: { serviceAccountName: db-sa, containers: [{ name: db, image: postgres }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: other, namespace: tools }
spec:
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
`;

describe('policyCoverage: Kubernetes NetworkPolicy', () => {
  it('applies podSelector {} to every pod of its namespace only, with policyTypes defaults', () => {
    const inventory = view(`${PODS}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-all, namespace: shop }
spec: { podSelector: {} }
`);
    expect(selecting(inventory, 'web', 'Ingress')).toEqual(['NetworkPolicy shop/deny-all']);
    expect(selecting(inventory, 'web', 'Egress')).toEqual([]);
    expect(selecting(inventory, 'other', 'Ingress')).toEqual([]);
  });

  it('adds Egress by default only when egress rules exist, and honours explicit policyTypes', () => {
    const inventory = view(`${PODS}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: egress-rules, namespace: shop }
spec:
  podSelector: { matchLabels: { app: web } }
  egress: [{ to: [{ ipBlock: { cidr: 10.0.0.0/8 } }] }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: empty-egress, namespace: shop }
spec: { podSelector: { matchLabels: { app: db } }, egress: [] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: egress-only, namespace: shop }
spec: { podSelector: { matchLabels: { app: db } }, policyTypes: [Egress] }
`);
    expect(selecting(inventory, 'web', 'Ingress')).toEqual(['NetworkPolicy shop/egress-rules']);
    expect(selecting(inventory, 'web', 'Egress')).toEqual(['NetworkPolicy shop/egress-rules']);
    expect(selecting(inventory, 'db', 'Ingress')).toEqual(['NetworkPolicy shop/empty-egress']);
    expect(selecting(inventory, 'db', 'Egress')).toEqual(['NetworkPolicy shop/egress-only']);
  });

  it('evaluates matchExpressions', () => {
    const inventory = view(`${PODS}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: not-db, namespace: shop }
spec:
  podSelector:
    matchExpressions:
      - { key: app, operator: NotIn, values: [db] }
      - { key: tier, operator: Exists }
`);
    expect(selecting(inventory, 'web', 'Ingress')).toEqual(['NetworkPolicy shop/not-db']);
    expect(selecting(inventory, 'db', 'Ingress')).toEqual([]);
  });

  it('leaves host-network pods unselected', () => {
    const inventory = view(`
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: shop }
spec:
  template:
    metadata: { labels: { app: agent } }
    spec: { hostNetwork: true, containers: [{ name: a, image: agent }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-all, namespace: shop }
spec: { podSelector: {} }
`);
    expect(selecting(inventory, 'agent', 'Ingress')).toEqual([]);
    const coverage = policyCoverage(inventory);
    expect(coverage.selected(coverage.policies[0]!)).toEqual([]);
  });
});

describe('policyCoverage: Cilium', () => {
  it('selects by endpointSelector with source prefixes, per specs[] entry and direction', () => {
    const inventory = view(`${PODS}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: web, namespace: shop }
specs:
  - endpointSelector: { matchLabels: { 'k8s:app': web } }
    ingress: [{ fromEndpoints: [{}] }]
  - endpointSelector: { matchLabels: { app: db } }
    egress: [{ toEndpoints: [{}] }]
    enableDefaultDeny: { egress: false }
  - endpointSelector: { matchLabels: { app: db } }
    ingressDeny: [{ fromEntities: [world] }]
`);
    expect(selecting(inventory, 'web', 'Ingress')).toEqual(['CiliumNetworkPolicy shop/web']);
    expect(selecting(inventory, 'web', 'Egress')).toEqual([]);
    expect(selecting(inventory, 'db', 'Egress')).toEqual([]);
    expect(selecting(inventory, 'db', 'Ingress')).toEqual(['CiliumNetworkPolicy shop/web']);
    expect(selecting(inventory, 'other', 'Ingress')).toEqual([]);
  });

  it('matches clusterwide policies on namespace and service-account labels', () => {
    const inventory = view(`${PODS}
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: payments }
spec:
  endpointSelector: { matchLabels: { 'io.cilium.k8s.namespace.labels.team': payments } }
  egress: [{ toEntities: [cluster] }]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: db-sa }
spec:
  endpointSelector: { matchLabels: { 'io.cilium.k8s.policy.serviceaccount': db-sa } }
  ingress: [{}]
`);
    expect(selecting(inventory, 'web', 'Egress')).toEqual(['CiliumClusterwideNetworkPolicy payments']);
    expect(selecting(inventory, 'other', 'Egress')).toEqual([]);
    expect(selecting(inventory, 'db', 'Ingress')).toEqual(['CiliumClusterwideNetworkPolicy db-sa']);
    const coverage = policyCoverage(inventory);
    const payments = coverage.policies.find((p) => p.label.endsWith('payments'))!;
    expect(payments.parts[0]!.selectsWholeNamespace('shop', coverage.namespaceLabels('shop'))).toBe(true);
    expect(payments.parts[0]!.selectsWholeNamespace('tools', coverage.namespaceLabels('tools'))).toBe(false);
  });

  it('marks reserved label sources unsupported and node policies host-only', () => {
    const inventory = view(`
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: reserved }
spec: { endpointSelector: { matchLabels: { 'reserved:host': '' } }, ingress: [{}] }
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: nodes }
spec: { nodeSelector: {}, ingress: [{}] }
`);
    const [reserved, nodes] = policyCoverage(inventory).policies;
    expect(reserved?.unsupported).toMatch(/reserved:host/);
    expect(nodes?.hostOnly).toBe(true);
  });
});

describe('policyCoverage: Calico', () => {
  it('selects with Calico selectors, default types and namespace selectors', () => {
    const inventory = view(`${PODS}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: web, namespace: shop }
spec:
  selector: app == 'web' && has(tier)
  egress: [{ action: Allow }]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: payments-deny }
spec:
  namespaceSelector: team == 'payments'
  selector: all()
  types: [Ingress]
---
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata: { name: default.payments-deny }
spec: { selector: all(), types: [Ingress] }
`);
    expect(selecting(inventory, 'web', 'Egress')).toEqual(['Calico NetworkPolicy shop/web']);
    expect(selecting(inventory, 'web', 'Ingress')).toEqual(['Calico GlobalNetworkPolicy payments-deny']);
    expect(selecting(inventory, 'other', 'Ingress')).toEqual([]);
    expect(policyCoverage(inventory).policies).toHaveLength(2);
  });

  it('exposes Calico endpoint labels (namespace, service account) to selectors', () => {
    const inventory = view(`${PODS}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: by-ns }
spec: { selector: "projectcalico.org/namespace in {'shop'} && pcns.team == 'payments'", types: [Egress] }
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: by-sa }
spec: { selector: "projectcalico.org/serviceaccount == 'db-sa'", types: [Ingress] }
`);
    expect(selecting(inventory, 'web', 'Egress')).toEqual(['Calico GlobalNetworkPolicy by-ns']);
    expect(selecting(inventory, 'db', 'Ingress')).toEqual(['Calico GlobalNetworkPolicy by-sa']);
    const coverage = policyCoverage(inventory);
    const byNs = coverage.policies[0]!;
    expect(byNs.parts[0]!.selectsWholeNamespace('shop', coverage.namespaceLabels('shop'))).toBe(true);
    expect(coverage.policies[1]!.parts[0]!.selectsWholeNamespace('shop', coverage.namespaceLabels('shop'))).toBe(false);
  });

  it('treats unsupported selector syntax as selecting nothing, and says so', () => {
    const inventory = view(`${PODS}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: odd, namespace: shop }
spec: { selector: "app =~ 'w.*'", types: [Ingress] }
`);
    expect(selecting(inventory, 'web', 'Ingress')).toEqual([]);
    const coverage = policyCoverage(inventory);
    expect(coverage.unsupportedFor('shop').map((p) => p.unsupported)).toEqual([
      expect.stringMatching(/selector "app =~ 'w\.\*'" is not supported/),
    ]);
    expect(coverage.unsupportedFor('tools')).toEqual([]);
  });

  it('ignores preDNAT/doNotTrack host policies for pods', () => {
    const inventory = view(`${PODS}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: host }
spec: { selector: all(), preDNAT: true, applyOnForward: true, types: [Ingress] }
`);
    expect(selecting(inventory, 'web', 'Ingress')).toEqual([]);
    expect(policyCoverage(inventory).policies[0]?.hostOnly).toBe(true);
  });
});
