/**
 * `eksguard graph` over the real graph builders (graph-command.test.ts uses a hand-built
 * graph): what a large cluster without NetworkPolicies, and hostile names, make of it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_NEIGHBOURHOOD_EDGES } from './graph-export.js';
import { run } from './test-support/run.js';

function workdir(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'eksguard-graph-real-'));
  writeFileSync(join(dir, name), text);
  return dir;
}

/** `count` Deployments and no NetworkPolicy: every one reaches every other. */
function openCluster(count: number): string {
  return Array.from(
    { length: count },
    (_, index) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: app${index}, namespace: ns${index % 10} }
spec:
  selector: { matchLabels: { app: app${index} } }
  template:
    metadata: { labels: { app: app${index} } }
    spec:
      containers: [{ name: c, image: nginx:1.0 }]
`,
  ).join('---\n');
}

describe('eksguard graph on the real graph', () => {
  // 800 such workloads once ran out of memory in JSON.stringify; 150 already pass the edge cap.
  it('caps the edges of a neighbourhood where everything reaches everything, and says so', async () => {
    const dir = workdir('open.yaml', openCluster(150));
    const result = await run(['graph', 'manifests', dir, '--around', 'Deployment/ns0/app0', '--depth', '1']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `eksguard: the neighbourhood's edges were cut at ${MAX_NEIGHBOURHOOD_EDGES} (stored edges kept first, then reachability); some edges between its nodes are not shown\n`,
    );
    const document = JSON.parse(result.stdout) as { around: { edgesTruncated: boolean; truncated: boolean }; nodes: unknown[]; edges: Array<{ kind: string }> };
    expect(document.around).toMatchObject({ truncated: false, edgesTruncated: true });
    expect(document.edges).toHaveLength(MAX_NEIGHBOURHOOD_EDGES);
    expect(document.edges.filter((edge) => edge.kind === 'reaches').length).toBeGreaterThan(9000);
    const dot = await run(['graph', 'manifests', dir, '--around', 'Deployment/ns0/app0', '--depth', '1', '--format', 'dot']);
    expect(dot.code).toBe(0);
    expect(dot.stdout.split('\n').filter((line) => line.includes(' -> '))).toHaveLength(MAX_NEIGHBOURHOOD_EDGES);
  });

  it('prints the names in its "did you mean" hint with control characters made visible', async () => {
    const dir = workdir(
      'hostile.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: "app\\"] ; n0 -> n1 [label=\\"\\\\N\\u0007"
  namespace: "ev\\u001b[31mil"
spec:
  selector: { matchLabels: { app: x } }
  template:
    metadata: { labels: { app: x } }
    spec:
      containers: [{ name: c, image: nginx:1.0 }]
`,
    );
    const result = await run(['graph', 'manifests', dir, '--around', 'Deployment/app']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('eksguard: --around Deployment/app: no such node in the graph; did you mean Deployment/ev\\x1B[31mil/app"] ; n0 -> n1 [label="\\N\\x07?\n');
  });
});
