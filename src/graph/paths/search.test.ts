import { describe, expect, it } from 'vitest';
import { SecurityGraph, type GraphNode, type NodeType } from '../security-graph.js';
import type { EdgeKind } from '../edge-kinds.js';
import { parseQuery } from './query.js';
import { searchPaths, toAttackPath } from './search.js';

function node(type: NodeType, name: string, attrs: GraphNode['attrs'] = {}): GraphNode {
  return { id: `${type}:${name}`, type, kind: type, name, attrs };
}

function graphOf(edges: Array<[string, EdgeKind, string]>, extra: GraphNode[] = []): SecurityGraph {
  const graph = new SecurityGraph();
  for (const item of extra) graph.addNode(item);
  for (const [from, kind, to] of edges) {
    for (const id of [from, to]) {
      const [type, name] = id.split(':') as [NodeType, string];
      graph.addNode(node(type, name));
    }
    graph.addEdge({ from, to, kind, evidence: [{ resource: { kind: 'Thing', name: `${from}>${to}` }, detail: kind }], enabledBy: [] });
  }
  return graph;
}

const query = (extra = ''): ReturnType<typeof parseQuery> =>
  parseQuery(
    `id: q\ntitle: Q\nseverity: critical\nfrom: { type: internet }\nto: { type: cluster-admin }\nedges: [exposes, selects, runs-as, bound-to, grants, is-admin, can-create-pods]\n${extra}`,
    'q.yaml',
  );

const chain: Array<[string, EdgeKind, string]> = [
  ['internet:i', 'exposes', 'service:web'],
  ['service:web', 'selects', 'workload:web'],
  ['workload:web', 'runs-as', 'service-account:web'],
  ['service-account:web', 'bound-to', 'binding:b'],
  ['binding:b', 'grants', 'role:admin'],
  ['role:admin', 'is-admin', 'cluster-admin:c'],
];

describe('path search', () => {
  it('finds the chain and reports it step by step', () => {
    const graph = graphOf(chain);
    const found = searchPaths(graph, query());
    expect(found).toHaveLength(1);
    const path = toAttackPath(graph, found[0]!, () => []);
    expect(path.steps.map((step) => `${step.from.name} ${step.edge} ${step.to.name}`)).toEqual([
      'i exposes web',
      'web selects web',
      'web runs-as web',
      'web bound-to b',
      'b grants admin',
      'admin is-admin c',
    ]);
    expect(path.id).toMatch(/^q:[0-9a-f]{12}$/);
    expect(path.score).toBe(100 - 12);
  });

  it('finds nothing once one link is gone, or when an edge kind is not walkable', () => {
    expect(searchPaths(graphOf(chain.filter(([, kind]) => kind !== 'grants')), query())).toEqual([]);
    const narrow = parseQuery(
      'id: q\ntitle: Q\nseverity: high\nfrom: { type: internet }\nto: { type: cluster-admin }\nedges: [exposes, selects, runs-as, bound-to, is-admin]\n',
      'q.yaml',
    );
    expect(searchPaths(graphOf(chain), narrow)).toEqual([]);
  });

  it('returns the shortest path when there are several', () => {
    const graph = graphOf([...chain, ['service-account:web', 'can-create-pods', 'service-account:admin'], ['service-account:admin', 'bound-to', 'binding:b']]);
    const [path] = searchPaths(graph, query());
    expect(path!.edges).toHaveLength(6);
  });

  it('honours required edges: a path without them does not count', () => {
    const graph = graphOf([...chain, ['service-account:web', 'can-create-pods', 'service-account:admin'], ['service-account:admin', 'bound-to', 'binding:b']]);
    const [path] = searchPaths(graph, query('requires: [can-create-pods]\n'));
    expect(path!.edges.map((edge) => edge.kind)).toContain('can-create-pods');
    expect(searchPaths(graphOf(chain), query('requires: [can-create-pods]\n'))).toEqual([]);
  });

  it('reports one path per entry point with a pivot, one per source without', () => {
    const second: Array<[string, EdgeKind, string]> = [
      ['internet:i', 'exposes', 'service:api'],
      ['service:api', 'selects', 'workload:api'],
      ['workload:api', 'runs-as', 'service-account:web'],
    ];
    const graph = graphOf([...chain, ...second]);
    expect(searchPaths(graph, query())).toHaveLength(1);
    const perEntry = searchPaths(graph, query('pivot: workload\n'));
    expect(perEntry.map((path) => path.edges[1]!.to).sort()).toEqual(['workload:api', 'workload:web']);
  });

  it('limits uses of an edge kind and the number of steps', () => {
    const hops: Array<[string, EdgeKind, string]> = [
      ['internet:i', 'exposes', 'service:s'],
      ['service:s', 'selects', 'workload:a'],
      ['workload:a', 'reaches', 'workload:b'],
      ['workload:b', 'reaches', 'workload:c'],
    ];
    const graph = graphOf(hops, [node('workload', 'c', { holdsSecrets: true })]);
    const lateral = (extra: string): ReturnType<typeof parseQuery> =>
      parseQuery(
        `id: l\ntitle: L\nseverity: high\nfrom: { type: internet }\nto: { type: workload, attrs: { holdsSecrets: true } }\nedges: [exposes, selects, reaches]\n${extra}`,
        'l.yaml',
      );
    expect(searchPaths(graph, lateral(''))).toHaveLength(1);
    expect(searchPaths(graph, lateral('maxUses: { reaches: 1 }\n'))).toEqual([]);
    expect(searchPaths(graph, lateral('maxSteps: 3\n'))).toEqual([]);
  });

  it('walks provided edges and never loops', () => {
    const graph = graphOf([
      ['internet:i', 'exposes', 'service:s'],
      ['service:s', 'selects', 'workload:a'],
    ]);
    graph.addNode(node('workload', 'b'));
    graph.addNode(node('workload', 'c', { holdsSecrets: true }));
    const calls: string[] = [];
    graph.provide('reaches', 'workload', (from) => {
      calls.push(from.id);
      const to = from.id === 'workload:a' ? 'workload:b' : from.id === 'workload:b' ? 'workload:a' : undefined;
      const edges = to ? [{ from: from.id, to, kind: 'reaches' as const, evidence: [], enabledBy: [] }] : [];
      if (from.id === 'workload:b') edges.push({ from: from.id, to: 'workload:c', kind: 'reaches', evidence: [], enabledBy: [] });
      return edges;
    });
    const lateral = parseQuery(
      'id: l\ntitle: L\nseverity: high\nfrom: { type: internet }\nto: { type: workload, attrs: { holdsSecrets: true } }\nedges: [exposes, selects, reaches]\n',
      'l.yaml',
    );
    const found = searchPaths(graph, lateral);
    expect(found.map((path) => path.edges.map((edge) => edge.to).join(' '))).toEqual(['service:s workload:a workload:b workload:c']);
    expect(calls).not.toContain('service:s');
  });

  it('never walks an edge straight after a kind it may not follow, and still finds the other way in', () => {
    // web reaches the admin account two ways at the same depth: impersonation, then creating pods.
    const graph = graphOf([
      ['internet:i', 'exposes', 'workload:web'],
      ['workload:web', 'runs-as', 'service-account:web'],
      ['service-account:web', 'can-impersonate', 'service-account:ops'],
      ['workload:web', 'can-exec', 'workload:other'],
      ['workload:other', 'can-create-pods', 'service-account:ops'],
      ['service-account:ops', 'can-assume', 'iam-role:ops'],
      ['iam-role:ops', 'has-permission', 'aws-permission:admin'],
    ]);
    const aws = (extra: string): ReturnType<typeof parseQuery> =>
      parseQuery(
        `id: a\ntitle: A\nseverity: high\nfrom: { type: internet }\nto: { type: aws-permission }\nedges: [exposes, runs-as, can-exec, can-impersonate, can-create-pods, can-assume, has-permission]\n${extra}`,
        'a.yaml',
      );
    const kinds = (found: ReturnType<typeof searchPaths>) => found.map((path) => path.edges.map((edge) => edge.kind).join(' '));
    expect(kinds(searchPaths(graph, aws('')))).toEqual(['exposes runs-as can-impersonate can-assume has-permission']);
    expect(kinds(searchPaths(graph, aws('notAfter: { can-assume: [can-impersonate] }\n')))).toEqual(['exposes can-exec can-create-pods can-assume has-permission']);
    const onlyImpersonation = graphOf([
      ['internet:i', 'exposes', 'workload:web'],
      ['workload:web', 'runs-as', 'service-account:web'],
      ['service-account:web', 'can-impersonate', 'service-account:ops'],
      ['service-account:ops', 'can-assume', 'iam-role:ops'],
      ['iam-role:ops', 'has-permission', 'aws-permission:admin'],
    ]);
    expect(searchPaths(onlyImpersonation, aws('notAfter: { can-assume: [can-impersonate] }\n'))).toEqual([]);
  });

  it('stops at the query limit', () => {
    const edges: Array<[string, EdgeKind, string]> = [];
    for (let i = 0; i < 10; i++) {
      edges.push(['internet:i', 'exposes', `service:s${i}`], [`service:s${i}`, 'selects', `workload:w${i}`]);
    }
    const graph = graphOf(edges);
    const perWorkload = parseQuery('id: w\ntitle: W\nseverity: low\nfrom: { type: internet }\nto: { type: workload }\nedges: [exposes, selects]\nlimit: 4\n', 'w.yaml');
    expect(searchPaths(graph, perWorkload)).toHaveLength(4);
  });
});

describe('avoid', () => {
  it('never passes through an avoided node, though it may start at one', () => {
    const graph = graphOf(chain);
    expect(searchPaths(graph, query('avoid: { type: binding }\n'))).toEqual([]);
    expect(searchPaths(graph, query('avoid: { type: binding, name: other }\n'))).toHaveLength(1);
    expect(searchPaths(graph, query('avoid: { type: internet }\n'))).toHaveLength(1);
  });
});
