/**
 * What a real API server and a real CNI do with the generated policies, beyond the happy path:
 * the VPC CNI's view of Service addresses, existing policies that already narrow an exposure,
 * hostile names in the comments, names the API server would refuse, Services without pods.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { InventoryView } from '../../inventory/index.js';
import { egressVerdict } from '../../analysis/network/egress-reachability.js';
import { policyCoverage } from '../../analysis/network/policy-coverage.js';
import { internetIngress, PortSet } from '../../graph/reachability/index.js';
import { generateNetworkPolicies, renderPolicies, renderSimulationTable, simulate } from './index.js';
import { MANIFESTS, applied, find, fixtureInventory } from './test-support/fixture.js';
import type { ObservedApiRequest } from '../observed.js';

const OPERATOR_USES_API: ObservedApiRequest[] = [
  { user: 'system:serviceaccount:app:operator', groups: [], verb: 'get', apiGroup: 'apps', resource: 'deployments', time: '2025-05-12T10:10:01Z' },
];

describe('API server egress on the VPC CNI', () => {
  it("allows the kubernetes Service's ClusterIP on its port next to the endpoints", () => {
    const inventory = fixtureInventory();
    const result = generateNetworkPolicies(new InventoryView(inventory), {}, OPERATOR_USES_API);
    const after = applied(inventory, renderPolicies(result.policies, []));
    const coverage = policyCoverage(after);
    const api = (name: string, address: string): boolean =>
      egressVerdict(after, coverage, find(after, 'app', name), { address, port: 443, protocol: 'TCP' }).reachable;
    // The VPC CNI agent checks egress on the pod's interface, before kube-proxy translates the ClusterIP.
    expect(api('operator', '172.20.0.1')).toBe(true);
    expect(api('operator', '10.0.5.10')).toBe(true);
    expect(api('web', '172.20.0.1')).toBe(false);
    expect(api('operator', '172.20.0.2')).toBe(false);
    const operator = result.policies.find((policy) => policy.name === 'eksguard-allow-operator');
    expect(operator?.egress.flatMap((rule) => rule.peers.map((peer) => ('ipBlock' in peer ? peer.ipBlock.cidr : '')))).toEqual(['10.0.5.10/32', '10.0.6.20/32', '172.20.0.1/32']);
  });
});

const NARROWED_LB = `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: frontend, namespace: shop }
spec:
  selector: { matchLabels: { app: frontend } }
  template:
    metadata: { labels: { app: frontend } }
    spec:
      containers: [{ name: web, image: example/web:1, ports: [{ name: http, containerPort: 8080 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: frontend, namespace: shop }
spec:
  type: LoadBalancer
  selector: { app: frontend }
  ports: [{ name: http, port: 80, targetPort: http }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: frontend-from-office, namespace: shop }
spec:
  podSelector: { matchLabels: { app: frontend } }
  policyTypes: [Ingress]
  ingress: [{ from: [{ ipBlock: { cidr: 198.51.100.0/24 } }], ports: [{ protocol: TCP, port: 8080 }] }]
`;

describe('exposures narrowed by existing policies', () => {
  it('does not open to every address a load balancer an existing policy keeps to some sources', () => {
    const inventory = fixtureInventory(NARROWED_LB);
    const view = new InventoryView(inventory);
    const result = generateNetworkPolicies(view);
    const after = applied(inventory, renderPolicies(result.policies, []));
    const frontend = find(after, 'shop', 'frontend');
    expect(internetIngress(view, find(view, 'shop', 'frontend'), PortSet.range('TCP', 8080)).reachable).toBe(false);
    expect(internetIngress(after, frontend, PortSet.range('TCP', 8080)).reachable).toBe(false);
    expect(result.policies.some((policy) => policy.ingress.some((rule) => rule.peers.some((peer) => 'ipBlock' in peer && peer.ipBlock.cidr === '0.0.0.0/0')))).toBe(false);
    expect(result.notes).toEqual(expect.arrayContaining([expect.stringMatching(/LoadBalancer Service shop\/frontend.*TCP 8080.*existing NetworkPolicies/)]));
    const simulation = simulate(view, result);
    expect(simulation.exposures).toEqual([expect.objectContaining({ via: 'LoadBalancer Service shop/frontend', before: false, after: false })]);
  });

  it('says OPENED, not kept, for traffic that was closed before and is open after', () => {
    // The declared client web → api is blocked today by an ingress policy naming nobody.
    const closed = `${MANIFESTS}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: api-closed, namespace: app }
spec: { podSelector: { matchLabels: { app: api } }, policyTypes: [Ingress] }
`;
    const view = new InventoryView(fixtureInventory(closed));
    const simulation = simulate(view, generateNetworkPolicies(view));
    const webToApi = simulation.declared.find((check) => check.client === 'Deployment app/web');
    expect(webToApi).toMatchObject({ kept: true, opened: true });
    expect(simulation.opened.some((flow) => flow.from.includes('Deployment app/web') && flow.to.includes('Deployment app/api'))).toBe(true);
    expect(renderSimulationTable(simulation)).toMatch(/OPENED Deployment app\/web -> Deployment app\/api/);
  });
});

describe('hostile inventory values', () => {
  // NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR and CR end a line for YAML 1.1 parsers (go-yaml v2, kubectl).
  const HOSTILE = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: app }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      automountServiceAccountToken: false
      containers:
        - name: "web\\u001b[2J"
          image: example/web:1
          env:
            - { name: "X\\Nspec: {podSelector: {}, ingress: [{}]}\\Lkind: Secret\\Pa: 1\\rb: 2", value: "http://api.app.svc:80" }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: app }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers: [{ name: api, image: example/api:1, ports: [{ containerPort: 9090 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: app }
spec:
  selector: { app: api }
  ports: [{ port: 80, targetPort: 9090 }]
`;

  it('keeps every character of a name inside its comment, whatever a YAML parser calls a line break', () => {
    const result = generateNetworkPolicies(new InventoryView(fixtureInventory(HOSTILE)));
    const yaml = renderPolicies(result.policies, ['from a file named x\u0085kind: Secret']);
    expect(yaml).toContain('X\\u0085spec');
    // eslint-disable-next-line no-control-regex
    expect(yaml).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    const asKubectlSees = yaml.replace(/\r|\u0085|\u2028|\u2029/g, '\n');
    const objects = parseAllDocuments(asKubectlSees).map((document) => document.toJS() as unknown);
    expect(objects).toEqual(result.policies.map((policy) => JSON.parse(JSON.stringify(parseAllDocuments(renderPolicies([policy], []))[0]?.toJS())) as unknown));
  });
});

describe('names the API server accepts', () => {
  it('keeps policy names DNS-1123 subdomains of at most 253 characters, and distinct', () => {
    const long = 'a'.repeat(250);
    const text = [long, 'svc', 'svc-deployment']
      .map(
        (name) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: app }
spec:
  selector: { matchLabels: { app: ${name.slice(0, 63)} } }
  template: { metadata: { labels: { app: ${name.slice(0, 63)} } }, spec: { containers: [{ name: c, image: example/c:1 }] } }
`,
      )
      .join('---\n')
      .concat(`---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: svc, namespace: app }
spec:
  serviceName: svc
  selector: { matchLabels: { app: svc-db } }
  template: { metadata: { labels: { app: svc-db } }, spec: { containers: [{ name: c, image: example/c:1 }] } }
`);
    const inventory = fixtureInventory(text);
    const view = new InventoryView(inventory);
    const names = view.workloads().map((workload) => `${workload.namespace}/${workload.resource.name}`);
    const result = generateNetworkPolicies(view, { allowInternetEgress: names });
    const policyNames = result.policies.map((policy) => policy.name);
    expect(policyNames.filter((name) => name.startsWith('eksguard-allow-'))).toHaveLength(4);
    expect(new Set(policyNames).size).toBe(policyNames.length);
    for (const name of policyNames) {
      expect(name.length, name).toBeLessThanOrEqual(253);
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
    }
  });
});

describe('Services without pods of their own', () => {
  it('notes a client of an ExternalName or selector-less Service instead of cutting it silently', () => {
    const text = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: worker, namespace: app }
spec:
  selector: { matchLabels: { app: worker } }
  template:
    metadata: { labels: { app: worker } }
    spec:
      containers:
        - name: worker
          image: example/worker:1
          env:
            - { name: DB_HOST, value: "db.app.svc.cluster.local" }
            - { name: LEGACY_URL, value: "http://legacy.app.svc:8080" }
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: app }
spec: { type: ExternalName, externalName: orders.cluster-abc.eu-west-1.rds.amazonaws.com }
---
apiVersion: v1
kind: Service
metadata: { name: legacy, namespace: app }
spec: { ports: [{ port: 8080 }] }
`;
    const result = generateNetworkPolicies(new InventoryView(fixtureInventory(text)));
    expect(result.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Deployment app\/worker names ExternalName Service app\/db \(orders\.cluster-abc\.eu-west-1\.rds\.amazonaws\.com\).*no rule/),
        expect.stringMatching(/Deployment app\/worker names Service app\/legacy, which has no selector.*no rule/),
      ]),
    );
  });
});
