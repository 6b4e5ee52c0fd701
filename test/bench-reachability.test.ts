import { describe, expect, it } from 'vitest';
import { benchReachability, inventoryOf, reachabilityBenchObjects } from '../bench/reachability.js';

describe('benchReachability', () => {
  it('measures a synthetic cluster whose workloads collapse into far fewer classes', () => {
    const view = inventoryOf(reachabilityBenchObjects({ pods: 2_000, policies: 200, namespaces: 20 }));
    const result = benchReachability(view, 20);
    expect(result.workloads).toBe(2_000);
    expect(result.classes).toBeGreaterThan(20);
    expect(result.classes).toBeLessThan(result.workloads / 4);
    expect(result.sample).toBe(20);
  });
});
