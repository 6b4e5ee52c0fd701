import { describe, expect, it } from 'vitest';
import { analyzeAttackPaths } from '../../../graph/attack-paths.js';
import { graphInventory } from '../../../graph/test-support/inventory.js';
import { runChecks } from '../../engine.js';
import { BUILT_IN_CHECKS } from '../../registry.js';
import { CURL_CRITICAL, image, scanned, ZLIB_CRITICAL } from '../test-support/images.js';
import { check } from './check.js';

/** Two workloads running the same vulnerable image; only `storefront` is behind an Internet-facing load balancer. */
const CLUSTER = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: storefront, namespace: shop }
spec:
  selector: { matchLabels: { app: storefront } }
  template:
    metadata: { labels: { app: storefront } }
    spec:
      containers: [{ name: web, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.3" }]
---
apiVersion: v1
kind: Service
metadata: { name: storefront, namespace: shop }
spec: { type: LoadBalancer, selector: { app: storefront }, ports: [{ port: 443, targetPort: 8443 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: reports, namespace: shop }
spec:
  selector: { matchLabels: { app: reports } }
  template:
    metadata: { labels: { app: reports } }
    spec:
      containers: [{ name: web, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.3" }]
---
apiVersion: v1
kind: Service
metadata: { name: reports, namespace: shop }
spec: { type: ClusterIP, selector: { app: reports }, ports: [{ port: 80 }] }
`;

describe('sc-image-vulns-critical on attack paths', () => {
  it('ranks the finding on an Internet-exposed workload above the same finding on an internal one', () => {
    const images = scanned([image({ references: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.3'], vulnerabilities: [ZLIB_CRITICAL, CURL_CRITICAL] })]);
    const inventory = graphInventory(CLUSTER, undefined, images);
    const svcCheck = BUILT_IN_CHECKS.find((candidate) => candidate.id === 'svc-lb-internet-facing')!;
    const results = runChecks(inventory, [check, svcCheck]);
    const analysis = analyzeAttackPaths(inventory, results);
    const findings = analysis.results.filter((result) => result.checkId === check.id && result.status === 'fail');
    const score = (name: string): number => findings.find((result) => result.resource.name === name)!.riskScore!;
    expect(findings.map((result) => result.resource.name).sort()).toEqual(['reports', 'storefront']);
    expect(score('storefront')).toBeGreaterThan(score('reports'));
    // The internal one keeps its own severity's score: nothing reaches it from outside.
    expect(score('reports')).toBe(55);
  });
});
