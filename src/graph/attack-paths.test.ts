import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../model/index.js';
import { analyzeAttackPaths } from './attack-paths.js';
import { parseQuery } from './paths/query.js';
import { graphInventory } from './test-support/inventory.js';

const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: { name: admin, namespace: shop }
spec:
  selector: { matchLabels: { app: admin } }
  template:
    metadata: { labels: { app: admin } }
    spec:
      containers: [{ name: app, image: nginx:1.27 }]
---
apiVersion: v1
kind: Service
metadata: { name: admin, namespace: shop }
spec: { type: LoadBalancer, selector: { app: admin }, ports: [{ port: 80 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: other, namespace: shop }
spec:
  selector: { matchLabels: { app: other } }
  template:
    metadata: { labels: { app: other } }
    spec:
      containers: [{ name: app, image: nginx:1.27 }]
`;

function failure(checkId: string, kind: string, name: string, severity: CheckResult['severity'] = 'medium'): CheckResult {
  return {
    checkId,
    title: checkId,
    severity,
    area: 'network',
    status: 'fail',
    resource: { kind, namespace: 'shop', name },
    message: 'm',
    remediation: 'r',
    refs: {},
    fingerprint: `${checkId}/${name}`,
  };
}

const exposedWorkloads = parseQuery(
  'id: exposed\ntitle: Exposed workload\nseverity: high\nfrom: { type: internet }\nto: { type: workload }\nedges: [exposes, routes-to, selects]\n',
  'exposed.yaml',
);

describe('analyzeAttackPaths', () => {
  it('ties a finding to the path whose edge its check creates, and raises its score to the path', () => {
    const results = [failure('svc-lb-internet-facing', 'Service', 'admin'), failure('wl-limits-missing', 'Deployment', 'other', 'low')];
    const analysis = analyzeAttackPaths(graphInventory(yaml), results, [exposedWorkloads]);
    expect(analysis.paths).toHaveLength(1);
    const [onPath, alone] = analysis.results;
    expect(onPath!.attackPathIds).toEqual([analysis.paths[0]!.id]);
    expect(onPath!.riskScore).toBe(analysis.paths[0]!.score);
    expect(alone!.attackPathIds).toBeUndefined();
    expect(alone!.riskScore).toBe(20);
    expect(analysis.limitsReached).toEqual([]);
  });

  it('does not take a workload named "admin" for an administrator (blast radius comes from the target type)', () => {
    // A finding no edge depends on, on the Service in front of Deployment "admin".
    const results = [failure('svc-lb-no-tls', 'Service', 'admin', 'low')];
    const analysis = analyzeAttackPaths(graphInventory(yaml), results, [exposedWorkloads]);
    expect(analysis.results[0]!.attackPathIds).toBeUndefined();
    // low 20, exposed +15, on the way to a workload (blast radius 1) +7.5.
    expect(analysis.results[0]!.riskScore).toBe(43);
  });

  it('leaves out a path whose step only waived findings create, and counts it', () => {
    const waived = { ...failure('svc-lb-internet-facing', 'Service', 'admin'), waived: { reason: 'public storefront', source: '.eksguard.yaml' } };
    const analysis = analyzeAttackPaths(graphInventory(yaml), [waived], [exposedWorkloads]);
    expect(analysis.paths).toEqual([]);
    expect(analysis.waivedPaths).toBe(1);
    // An open finding on the same step keeps the path.
    const open = analyzeAttackPaths(graphInventory(yaml), [waived, failure('svc-lb-internet-facing', 'Service', 'admin')], [exposedWorkloads]);
    expect(open.paths).toHaveLength(1);
    expect(open.waivedPaths).toBe(0);
  });

  it('reports the queries that stopped at their limit', () => {
    const limited = parseQuery(
      'id: one\ntitle: One\nseverity: low\nfrom: { type: internet }\nto: { type: [service, workload, load-balancer] }\nedges: [exposes, routes-to, selects]\nlimit: 1\n',
      'one.yaml',
    );
    expect(analyzeAttackPaths(graphInventory(yaml), [], [limited]).limitsReached).toEqual(['one']);
  });
});
