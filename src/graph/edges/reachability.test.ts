import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../model/index.js';
import { refKey, type InventoryView } from '../../inventory/index.js';
import { runChecks } from '../../checks/engine.js';
import { check as defaultDenyMissing } from '../../checks/network/netpol-default-deny-missing/check.js';
import { check as workloadUncovered } from '../../checks/network/netpol-workload-uncovered/check.js';
import { check as allowAll } from '../../checks/network/netpol-allow-all/check.js';
import { check as namespaceNone } from '../../checks/network/netpol-namespace-none/check.js';
import { EDGE_KINDS, type EdgeKind } from '../edge-kinds.js';
import { workloadId } from '../nodes.js';
import { SecurityGraph, type GraphEdge } from '../security-graph.js';
import { deployment, inventory, namespace, netpol, workload } from '../reachability/test-support/fixtures.js';
import { addReachability } from './reachability.js';

const REACHES: ReadonlySet<EdgeKind> = new Set(['reaches']);

function reachesFrom(view: InventoryView, from: string): GraphEdge[] {
  const graph = new SecurityGraph();
  addReachability(graph, view);
  return [...graph.out(workloadId(workload(view, from)), REACHES)];
}

function failedFindings(view: InventoryView): CheckResult[] {
  return runChecks(view, [defaultDenyMissing, workloadUncovered, allowAll, namespaceNone]).filter((result) => result.status === 'fail');
}

const SHOP = [namespace('shop'), deployment('shop', 'web'), deployment('shop', 'api'), deployment('shop', 'db')];

describe('addReachability', () => {
  it('provides an edge to every other workload of an open namespace, enabled by the failing checks', () => {
    const view = inventory(...SHOP);
    const edges = reachesFrom(view, 'shop/web');
    expect(edges.map((edge) => edge.to).sort()).toEqual(['Deployment:shop/api', 'Deployment:shop/db']);
    const toApi = edges.find((edge) => edge.to === 'Deployment:shop/api') as GraphEdge;
    expect(toApi.from).toBe('Deployment:shop/web');
    expect(toApi.evidence.map((item) => item.detail)).toEqual([
      'no NetworkPolicy selects Deployment shop/web for Egress: it may connect to any pod',
      'no NetworkPolicy selects Deployment shop/api for Ingress: it accepts connections from any pod',
    ]);
    expect(toApi.enabledBy.map(refKey).sort()).toEqual(['Deployment/shop/api', 'Deployment/shop/web', 'Namespace/shop']);
    // Each enabling resource is where a check of the edge kind reports a failure.
    const findings = failedFindings(view);
    for (const ref of toApi.enabledBy) {
      const checks = findings.filter((result) => refKey(result.resource) === refKey(ref)).map((result) => result.checkId);
      expect(checks.length, refKey(ref)).toBeGreaterThan(0);
      expect(checks.every((id) => (EDGE_KINDS.reaches.checks as readonly string[]).includes(id))).toBe(true);
    }
  });

  it('drops the edge once a policy isolates the destination without admitting the source', () => {
    const view = inventory(
      ...SHOP,
      netpol('shop', 'api-from-db', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'db' } } }] }] }),
    );
    expect(reachesFrom(view, 'shop/web').map((edge) => edge.to)).toEqual(['Deployment:shop/db']);
    const fromDb = reachesFrom(view, 'shop/db').find((edge) => edge.to === 'Deployment:shop/api') as GraphEdge;
    expect(fromDb.evidence[1]).toMatchObject({ resource: { kind: 'NetworkPolicy', name: 'api-from-db' }, path: 'spec.ingress[0].from[0]' });
    // Allowed by a specific rule: the destination's ingress findings do not enable this edge.
    expect(fromDb.enabledBy.map(refKey).sort()).toEqual(['Deployment/shop/db', 'Namespace/shop']);
  });

  it('names an allow-all policy among the enabling resources', () => {
    const view = inventory(
      ...SHOP,
      netpol('shop', 'deny-out', { podSelector: {}, policyTypes: ['Egress'] }),
      netpol('shop', 'api-any', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{}] }),
      netpol('shop', 'web-any', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{}] }),
    );
    const edge = reachesFrom(view, 'shop/web').find((candidate) => candidate.to === 'Deployment:shop/api') as GraphEdge;
    expect(edge.enabledBy.map(refKey).sort()).toEqual(['NetworkPolicy/shop/api-any', 'NetworkPolicy/shop/web-any']);
    const allowAllFailures = failedFindings(view).filter((result) => result.checkId === 'netpol-allow-all').map((result) => refKey(result.resource));
    expect(allowAllFailures.sort()).toEqual(['NetworkPolicy/shop/api-any', 'NetworkPolicy/shop/web-any']);
    // db may not be reached: the namespace denies egress and only web's policy reopens it.
    expect(reachesFrom(view, 'shop/db')).toEqual([]);
  });

  it('adds missing workload nodes and gives no edge to the workload itself', () => {
    const view = inventory(namespace('shop'), deployment('shop', 'web'), deployment('shop', 'api'));
    const graph = new SecurityGraph();
    addReachability(graph, view);
    expect(graph.node('Deployment:shop/web')?.type).toBe('workload');
    const edges = graph.out('Deployment:shop/api', REACHES);
    expect(edges.map((edge) => edge.to)).toEqual(['Deployment:shop/web']);
  });
});
