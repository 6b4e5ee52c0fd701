import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type * as BuildGraph from '../graph/build-graph.js';
import type { InventoryView } from '../inventory/index.js';
import { GRAPH_FIXTURE, handBuiltGraph } from './test-support/hand-built-graph.js';
import { run } from './test-support/run.js';

vi.mock('../graph/build-graph.js', async (importOriginal) => ({
  ...(await importOriginal<typeof BuildGraph>()),
  buildGraph: (view: InventoryView) => handBuiltGraph(view),
}));

interface GraphDocument {
  around?: { node: string; depth: number; truncated: boolean; edgesTruncated: boolean };
  nodes: Array<{ id: string }>;
  edges: Array<{ from: string; kind: string; to: string; provided?: boolean }>;
}

function workdir(files: Record<string, string> = { 'app.yaml': GRAPH_FIXTURE }): string {
  const dir = mkdtempSync(join(tmpdir(), 'eksguard-graph-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function graphOf(...args: string[]): Promise<GraphDocument> {
  const result = await run(['graph', 'manifests', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as GraphDocument;
}

describe('eksguard graph', () => {
  it('exports every node and stored edge as JSON, without provided reachability', async () => {
    const document = await graphOf(workdir());
    expect(document).not.toHaveProperty('around');
    expect(document.nodes.map((node) => node.id)).toEqual([
      'AWSPermission:admin',
      'ClusterAdmin',
      'Deployment:shop/api',
      'Deployment:shop/web',
      'IAMRole:arn:aws:iam::111122223333:role/eks-node',
      'Internet',
      'LoadBalancer:shop/Service/web',
      'NodeGroup:workers',
      'Service:shop/web',
    ]);
    expect(document.edges.map((edge) => edge.kind).sort()).toEqual(['escapes-to-node', 'exposes', 'has-permission', 'node-credentials', 'routes-to', 'selects']);
  });

  it('limits to a neighbourhood with --around and --depth, with the reachability leaving it', async () => {
    const dir = workdir();
    const near = await graphOf(dir, '--around', 'Deployment/shop/web', '--depth', '1');
    expect(near.around).toEqual({ node: 'Deployment:shop/web', depth: 1, truncated: false, edgesTruncated: false });
    expect(near.nodes.map((node) => node.id)).toEqual(['Deployment:shop/api', 'Deployment:shop/web', 'NodeGroup:workers', 'Service:shop/web']);
    expect(near.edges).toContainEqual(expect.objectContaining({ from: 'Deployment:shop/web', kind: 'reaches', to: 'Deployment:shop/api', provided: true }));
    const deeper = await graphOf(dir, '--around', 'Deployment:shop/web');
    expect(deeper.around?.depth).toBe(2);
    expect(deeper.nodes.map((node) => node.id)).toContain('IAMRole:arn:aws:iam::111122223333:role/eks-node');
    expect(deeper.nodes.map((node) => node.id)).not.toContain('AWSPermission:admin');
  });

  it('writes Graphviz DOT', async () => {
    const result = await run(['graph', 'manifests', workdir(), '--format', 'dot', '--around', 'Deployment/web']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('digraph eksguard {\n')).toBe(true);
    expect(result.stdout).toContain('[label="Deployment\\nshop/web", tooltip="Deployment:shop/web", shape=box3d, penwidth=3];');
    expect(result.stdout).toMatch(/n\d+ -> n\d+ \[label="reaches", style=dashed\];/);
  });

  it('refuses an unknown node, --depth without --around, and a bad depth with exit 2', async () => {
    const dir = workdir();
    const unknown = await run(['graph', 'manifests', dir, '--around', 'Deployment/shop/nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--around Deployment/shop/nope: no such node in the graph');
    expect(unknown.stdout).toBe('');
    expect((await run(['graph', 'manifests', dir, '--depth', '3'])).stderr).toContain('--depth needs --around');
    expect((await run(['graph', 'manifests', dir, '--around', 'Deployment/web', '--depth', '-1'])).code).toBe(2);
    expect((await run(['graph', 'manifests', dir, '--format', 'svg'])).code).toBe(2);
  });

  it('exits 2 after the output on input errors, unless told to ignore them', async () => {
    const dir = workdir({ 'app.yaml': GRAPH_FIXTURE, 'broken.yaml': 'kind: [' });
    const result = await run(['graph', 'manifests', dir]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toHaveProperty('nodes');
    expect(result.stderr).toMatch(/broken\.yaml:1: invalid YAML/);
    expect((await run(['graph', 'manifests', dir, '--ignore-input-errors'])).code).toBe(0);
  });

  it('has help with examples for the command and each source', async () => {
    for (const args of [['graph', '--help'], ['graph', 'manifests', '--help'], ['graph', 'snapshot', '--help'], ['graph', 'cluster', '--help']]) {
      const help = await run(args);
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout, args.join(' ')).toMatch(/Examples:\n {2}eksguard graph /);
    }
  });
});
