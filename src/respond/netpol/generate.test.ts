/**
 * Done when: the generated policies, loaded back through the manifest loader and added to the
 * inventory, keep declared traffic flowing and block the rest — checked with the reachability
 * engine, on a hand-made inventory and on examples/shop.
 */
import { Readable } from 'node:stream';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../model/index.js';
import { loadManifestPaths } from '../../collect/files/index.js';
import { InventoryView, type Workload } from '../../inventory/index.js';
import { egressVerdict } from '../../analysis/network/egress-reachability.js';
import { policyCoverage } from '../../analysis/network/policy-coverage.js';
import { internetIngress, NetworkReachability, PortSet } from '../../graph/reachability/index.js';
import { readEvents } from '../../detect/events/index.js';
import { auditToObservedRequests } from '../../cli/observed-requests.js';
import type { ObservedApiRequest } from '../observed.js';
import { generateNetworkPolicies, renderPolicies, simulate } from './index.js';
import { AUDIT_LINES, applied, find, fixtureInventory } from './test-support/fixture.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

async function auditRequests(text: string): Promise<ObservedApiRequest[]> {
  const reader = readEvents({ stream: Readable.from([Buffer.from(text)]), name: 'audit.jsonl' });
  const requests: ObservedApiRequest[] = [];
  for await (const request of auditToObservedRequests(reader)) requests.push(request);
  return requests;
}

const tcp = (port: number): PortSet => PortSet.range('TCP', port);

describe('generateNetworkPolicies on a hand-made inventory', async () => {
  const inventory = fixtureInventory();
  const view = new InventoryView(inventory);
  const requests = await auditRequests(AUDIT_LINES);
  const result = generateNetworkPolicies(view, {}, requests);
  const yaml = renderPolicies(result.policies, ['test']);
  const after = applied(inventory, yaml);
  const reach = NetworkReachability.of(after);
  const at = (namespace: string, name: string): Workload => find(after, namespace, name);

  it('reads only ResponseComplete audit events, as the user who made them', () => {
    expect(requests.map((request) => [request.user, request.verb, request.apiGroup, request.resource, request.name, request.source])).toEqual([
      ['system:serviceaccount:app:operator', 'get', 'apps', 'deployments', 'web', 'audit.jsonl:2'],
    ]);
  });

  it('writes a default deny and DNS egress per namespace in scope, leaving kube-system alone', () => {
    expect(result.namespaces).toEqual(['app', 'data', 'default', 'edge']);
    expect(result.policies.map((policy) => `${policy.namespace}/${policy.name}`)).toEqual([
      'app/eksguard-default-deny',
      'app/eksguard-default-dns',
      'app/eksguard-allow-api',
      'app/eksguard-allow-operator',
      'app/eksguard-allow-web',
      'data/eksguard-default-deny',
      'data/eksguard-default-dns',
      'data/eksguard-allow-db',
      'default/eksguard-default-deny',
      'default/eksguard-default-dns',
      'edge/eksguard-default-deny',
      'edge/eksguard-default-dns',
      'edge/eksguard-allow-ingress-nginx-controller',
    ]);
    expect(yaml).toContain('app.kubernetes.io/managed-by: eksguard');
  });

  it('says why above each rule, naming the value without the credential it holds', () => {
    expect(yaml).toContain('# Deployment app/web: env API_URL of container web names api:80');
    expect(yaml).toContain('(ConfigMap app/api-config key DATABASE_URL) names db.data.svc.cluster.local:5432');
    expect(yaml).not.toContain('s3cr3t-pass');
    expect(yaml).toMatch(/# service account app\/operator uses the API — audit log: 1 request as system:serviceaccount:app:operator, first get apps\/deployments \(audit\.jsonl:2\)/);
    expect(yaml).toContain('# LoadBalancer Service data/db-public exposes these pods');
  });

  it('keeps every declared flow reachable on its target ports, named ports resolved', () => {
    // web names api:80 → Service port 80 → targetPort grpc → 9090 (only that port, not metrics).
    expect(reach.reach(at('app', 'web'), at('app', 'api'), tcp(9090)).reachable).toBe(true);
    expect(reach.reach(at('app', 'web'), at('app', 'api'), tcp(9100)).reachable).toBe(false);
    expect(reach.reach(at('app', 'api'), at('data', 'db'), tcp(5432)).reachable).toBe(true);
    expect(reach.reach(at('edge', 'ingress-nginx-controller'), at('app', 'web'), tcp(8080)).reachable).toBe(true);
  });

  it('blocks pairs nothing declares', () => {
    const undeclared: Array<[string, string, string, string]> = [
      ['app', 'web', 'data', 'db'],
      ['app', 'idle', 'app', 'api'],
      ['app', 'idle', 'app', 'web'],
      ['app', 'api', 'app', 'web'],
      ['data', 'db', 'app', 'api'],
      ['app', 'operator', 'app', 'api'],
      ['edge', 'ingress-nginx-controller', 'app', 'api'],
    ];
    for (const [fromNs, from, toNs, to] of undeclared) {
      expect(reach.reach(at(fromNs, from), at(toNs, to)).reachable, `${from} -> ${to}`).toBe(false);
    }
    // Before, with no policy at all, every one of them was open.
    const before = NetworkReachability.of(view);
    for (const [fromNs, from, toNs, to] of undeclared) expect(before.reach(find(view, fromNs, from), find(view, toNs, to)).reachable).toBe(true);
  });

  it('lets every pod in scope resolve names through kube-dns', () => {
    const dns = at('kube-system', 'coredns');
    for (const workload of after.workloads().filter((candidate) => candidate.namespace !== 'kube-system')) {
      expect(reach.reach(workload, dns, PortSet.range('UDP', 53)).reachable, workload.resource.name).toBe(true);
      expect(reach.reach(workload, dns, PortSet.range('TCP', 53)).reachable, workload.resource.name).toBe(true);
      expect(reach.reach(workload, dns, tcp(9153)).reachable, workload.resource.name).toBe(false);
    }
  });

  it('opens the API server only to the service account the audit log shows using it', () => {
    const coverage = policyCoverage(after);
    const api = (workload: Workload, address: string): boolean => egressVerdict(after, coverage, workload, { address, port: 443, protocol: 'TCP' }).reachable;
    expect(api(at('app', 'operator'), '10.0.5.10')).toBe(true);
    expect(api(at('app', 'operator'), '10.0.6.20')).toBe(true);
    expect(api(at('app', 'operator'), '10.0.9.9')).toBe(false);
    for (const name of ['web', 'api', 'idle']) expect(api(at('app', name), '10.0.5.10'), name).toBe(false);
  });

  it('keeps the LoadBalancer open to the Internet and nothing else', () => {
    expect(internetIngress(after, at('data', 'db'), tcp(5432)).reachable).toBe(true);
    expect(internetIngress(after, at('app', 'api'), tcp(9090)).reachable).toBe(false);
    expect(internetIngress(after, at('app', 'web'), tcp(8080)).reachable).toBe(false);
  });

  it('without an audit log, counts a service account with its own RBAC binding and a mounted token', () => {
    const rbac = `${MANIFESTS_WITH_BINDING}`;
    const withBinding = fixtureInventory(rbac);
    const generated = generateNetworkPolicies(new InventoryView(withBinding));
    const operator = generated.policies.find((policy) => policy.name === 'eksguard-allow-operator');
    expect(operator?.egress.map((rule) => rule.reason)).toEqual([expect.stringMatching(/^service account app\/operator uses the API — RBAC \(no audit log given\): bound by RoleBinding app\/operator \(Role operator\)/)]);
    expect(generated.policies.some((policy) => policy.name === 'eksguard-allow-idle')).toBe(false);
  });

  it('allows Internet egress only to the workloads named, not to private ranges', () => {
    const generated = generateNetworkPolicies(view, { allowInternetEgress: ['app/idle'] }, requests);
    const opened = applied(inventory, renderPolicies(generated.policies, []));
    const coverage = policyCoverage(opened);
    const out = (name: string, address: string): boolean => egressVerdict(opened, coverage, find(opened, 'app', name), { address, port: 443, protocol: 'TCP' }).reachable;
    expect(out('idle', '203.0.113.7')).toBe(true);
    expect(out('idle', '10.0.5.10')).toBe(false);
    expect(out('idle', '169.254.169.254')).toBe(false);
    expect(out('web', '203.0.113.7')).toBe(false);
    expect(() => generateNetworkPolicies(view, { allowInternetEgress: ['app/nope'] })).toThrow(/app\/nope/);
  });

  it('simulates: declared flows and exposures kept, undeclared flows listed as cut', () => {
    const simulation = simulate(view, result);
    expect(simulation.declared.map((check) => [check.client, check.server, check.kept])).toEqual([
      ['Deployment app/web', 'Deployment app/api', true],
      ['Deployment app/api', 'StatefulSet data/db', true],
    ]);
    expect(simulation.exposures.every((check) => check.before && check.after)).toBe(true);
    expect(simulation.dns?.blocked).toEqual([]);
    expect(simulation.api.allowed).toEqual(['Deployment app/operator']);
    expect(simulation.api.expected).toEqual(['Deployment app/operator']);
    const idleToApi = simulation.cut.find((flow) => flow.from.includes('Deployment app/idle') && flow.to.includes('Deployment app/api'));
    expect(idleToApi).toMatchObject({ before: 'any port', after: 'nothing' });
    expect(simulation.reachablePairs.after).toBeLessThan(simulation.reachablePairs.before);
    expect(simulation.listedFlowsCapped).toBe(false);
  });

  it('lists a capped number of cut flows and still counts every pair', () => {
    const whole = simulate(view, result);
    const capped = simulate(view, result, { maxListedFlows: 1 });
    expect(whole.cut.length).toBeGreaterThan(1);
    expect(capped.cut).toHaveLength(1);
    expect(capped.listedFlowsCapped).toBe(true);
    expect(capped.cutPairs).toBe(whole.cutPairs);
    expect(capped.reachablePairs).toEqual(whole.reachablePairs);
  });
});

const MANIFESTS_WITH_BINDING = `${(await import('./test-support/fixture.js')).MANIFESTS}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: operator, namespace: app }
rules: [{ apiGroups: [apps], resources: [deployments], verbs: [get, patch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: operator, namespace: app }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: operator }
subjects: [{ kind: ServiceAccount, name: operator, namespace: app }]
`;

describe('generateNetworkPolicies on examples/shop', async () => {
  const loaded = await loadManifestPaths([join(ROOT, 'examples/shop')], {});
  const inventory: Inventory = { source: { type: 'manifests', paths: ['examples/shop'] }, objects: loaded.objects, errors: [] };
  const view = new InventoryView(inventory);
  const result = generateNetworkPolicies(view);
  const after = applied(inventory, renderPolicies(result.policies, []));
  const reach = NetworkReachability.of(after);
  const at = (namespace: string, name: string): Workload => find(after, namespace, name);

  it('finds the traffic the shop declares and the namespaces that already have policies', () => {
    expect(result.flows.map((flow) => `${flow.client.resource.name} -> ${flow.server.resource.name} ${flow.ports.map((port) => port.port).join(',')}`)).toEqual([
      'storefront -> orders-api 8080',
      'orders-api -> cache 6379',
    ]);
    expect(result.existing.map((entry) => entry.namespace)).toEqual(['shop-backend', 'shop-frontend']);
    expect(result.namespaces).not.toContain('kube-system');
  });

  it('keeps the declared flows and the Internet-facing cache, and closes shop-data to others', () => {
    expect(reach.reach(at('shop-frontend', 'storefront'), at('shop-backend', 'orders-api'), tcp(8080)).reachable).toBe(true);
    expect(reach.reach(at('shop-backend', 'orders-api'), at('shop-data', 'cache'), tcp(6379)).reachable).toBe(true);
    expect(internetIngress(after, at('shop-data', 'cache'), tcp(6379)).reachable).toBe(true);
    // Open before (shop-data had no policy); the cache may no longer call the storefront.
    expect(NetworkReachability.of(view).reach(find(view, 'shop-data', 'cache'), find(view, 'shop-frontend', 'storefront')).reachable).toBe(true);
    expect(reach.reach(at('shop-data', 'cache'), at('shop-frontend', 'storefront')).reachable).toBe(false);
    expect(reach.reach(at('shop-frontend', 'storefront'), at('shop-data', 'cache')).reachable).toBe(false);
  });

  it('simulation keeps every declared flow', () => {
    const simulation = simulate(view, result);
    expect(simulation.declared.every((check) => check.kept)).toBe(true);
    expect(simulation.cut.some((flow) => flow.from.includes('StatefulSet shop-data/cache') && flow.to.includes('Deployment shop-frontend/storefront'))).toBe(true);
  });
});
