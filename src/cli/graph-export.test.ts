import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  clusterAdminNode,
  iamRoleNode,
  internetNode,
  nodeId,
  SecurityGraph,
  type GraphNode,
} from '../graph/index.js';
import { UsageError } from './exit-codes.js';
import { dotString, findNode, graphDot, graphJson, MAX_NEIGHBOURHOOD_EDGES, neighbourhood, wholeGraph } from './graph-export.js';

function node(kind: string, namespace: string | undefined, name: string, type: GraphNode['type'] = 'workload'): GraphNode {
  const made: GraphNode = { id: nodeId(kind, namespace, name), type, kind, name, attrs: {} };
  if (namespace !== undefined) made.namespace = namespace;
  return made;
}

/** a → b → c → d, e → b, and a provided `reaches` edge from b to f. */
function chain(): { graph: SecurityGraph; ids: Record<string, string> } {
  const graph = new SecurityGraph();
  const nodes = {
    a: graph.addNode(internetNode()),
    b: graph.addNode(node('Deployment', 'shop', 'web')),
    c: graph.addNode(node('ServiceAccount', 'shop', 'web', 'service-account')),
    d: graph.addNode(clusterAdminNode()),
    e: graph.addNode(node('Deployment', 'ops', 'web')),
    f: graph.addNode(node('Deployment', 'shop', 'api')),
    role: graph.addNode(iamRoleNode('arn:aws:iam::111122223333:role/path/to/node')),
  };
  const add = (from: GraphNode, kind: 'exposes' | 'runs-as' | 'is-admin' | 'reaches', to: GraphNode) =>
    graph.addEdge({ from: from.id, kind, to: to.id, evidence: [{ resource: { kind: from.kind, name: from.name }, detail: `${kind} edge` }], enabledBy: [] });
  add(nodes.a, 'exposes', nodes.b);
  add(nodes.b, 'runs-as', nodes.c);
  add(nodes.c, 'is-admin', nodes.d);
  add(nodes.e, 'reaches', nodes.b);
  graph.provide('reaches', 'workload', (from) =>
    from.id === nodes.b.id ? [{ from: nodes.b.id, kind: 'reaches', to: nodes.f.id, evidence: [], enabledBy: [] }] : [],
  );
  return { graph, ids: Object.fromEntries(Object.entries(nodes).map(([key, value]) => [key, value.id])) };
}

describe('wholeGraph', () => {
  it('has every node and stored edge, sorted, and no provided edge', () => {
    const { graph } = chain();
    const selection = wholeGraph(graph);
    expect(selection.nodes.map((entry) => entry.id)).toEqual([...selection.nodes.map((entry) => entry.id)].sort());
    expect(selection.nodes).toHaveLength(7);
    expect(selection.edges.map((edge) => `${edge.from} ${edge.kind} ${edge.to}`)).toEqual([
      'Deployment:ops/web reaches Deployment:shop/web',
      'Deployment:shop/web runs-as ServiceAccount:shop/web',
      'Internet exposes Deployment:shop/web',
      'ServiceAccount:shop/web is-admin ClusterAdmin',
    ]);
  });
});

describe('neighbourhood', () => {
  it('takes nodes within the depth both ways, with the provided edges leaving them', () => {
    const { graph, ids } = chain();
    const one = neighbourhood(graph, graph.node(ids.b!)!, 1);
    expect(one.nodes.map((entry) => entry.id).sort()).toEqual([ids.a, ids.b, ids.c, ids.e, ids.f].sort());
    expect(one.edges.find((edge) => edge.to === ids.f)).toMatchObject({ kind: 'reaches', provided: true });
    expect(one.edges.find((edge) => edge.from === ids.e)).not.toHaveProperty('provided');
    expect(one.around).toEqual({ node: ids.b, depth: 1, truncated: false, edgesTruncated: false });
    const two = neighbourhood(graph, graph.node(ids.b!)!, 2);
    expect(two.nodes.map((entry) => entry.id)).toContain(ids.d);
    expect(two.nodes.map((entry) => entry.id)).not.toContain(ids.role);
    const none = neighbourhood(graph, graph.node(ids.b!)!, 0);
    expect(none.nodes.map((entry) => entry.id)).toEqual([ids.b]);
    expect(none.edges).toEqual([]);
  });

  it('stops growing at the limit and says it was cut', () => {
    const { graph, ids } = chain();
    const cut = neighbourhood(graph, graph.node(ids.b!)!, 3, { nodes: 3 });
    expect(cut.nodes).toHaveLength(3);
    expect(cut.around?.truncated).toBe(true);
    for (const edge of cut.edges) {
      expect(cut.nodes.map((entry) => entry.id)).toContain(edge.from);
      expect(cut.nodes.map((entry) => entry.id)).toContain(edge.to);
    }
  });
});

/** `count` workloads that all reach one another (no NetworkPolicy), `reaches` provided on demand. */
function everyoneReachesEveryone(count: number): { graph: SecurityGraph; calls: () => number } {
  const graph = new SecurityGraph();
  const workloads = Array.from({ length: count }, (_, index) => graph.addNode(node('Deployment', 'shop', `app${index}`)));
  const internet = graph.addNode(internetNode());
  graph.addEdge({ from: internet.id, kind: 'exposes', to: workloads[0]!.id, evidence: [], enabledBy: [] });
  let calls = 0;
  graph.provide('reaches', 'workload', (from) => {
    calls++;
    return workloads.filter((to) => to !== from).map((to) => ({ from: from.id, kind: 'reaches' as const, to: to.id, evidence: [], enabledBy: [] }));
  });
  return { graph, calls: () => calls };
}

describe('neighbourhood edges', () => {
  it('caps the edges among its nodes, stored ones kept first, and says so', () => {
    const { graph, calls } = everyoneReachesEveryone(50);
    const cut = neighbourhood(graph, graph.node('Deployment:shop/app0')!, 1, { edges: 100 });
    expect(cut.nodes).toHaveLength(51);
    expect(cut.edges).toHaveLength(100);
    expect(cut.around).toMatchObject({ truncated: false, edgesTruncated: true });
    expect(cut.edges).toContainEqual(expect.objectContaining({ from: 'Internet', kind: 'exposes', to: 'Deployment:shop/app0' }));
    expect(cut.edges.filter((edge) => edge.provided)).toHaveLength(99);
    // The providers stop being asked once the cap is reached (the search asks once for the centre).
    expect(calls()).toBeLessThanOrEqual(4);
    const whole = neighbourhood(graph, graph.node('Deployment:shop/app0')!, 1, { edges: 50 * 49 + 1 });
    expect(whole.edges).toHaveLength(50 * 49 + 1);
    expect(whole.around?.edgesTruncated).toBe(false);
  });

  // 800 workloads without NetworkPolicies once ran out of memory: 2000 capped nodes still meant
  // millions of `reaches` edges among them.
  it('stays bounded by default on a cluster where every workload reaches every other', () => {
    const { graph } = everyoneReachesEveryone(800);
    const around = neighbourhood(graph, graph.node('Deployment:shop/app0')!, 1);
    expect(around.nodes).toHaveLength(801);
    expect(around.edges).toHaveLength(MAX_NEIGHBOURHOOD_EDGES);
    expect(around.around?.edgesTruncated).toBe(true);
    expect(JSON.parse(graphJson(around)).edges).toHaveLength(MAX_NEIGHBOURHOOD_EDGES);
    expect(graphDot(around).split('\n').filter((line) => line.includes(' -> '))).toHaveLength(MAX_NEIGHBOURHOOD_EDGES);
  });
});

describe('findNode', () => {
  const { graph, ids } = chain();

  it('finds a node by id, Kind/namespace/name, Kind/name, case-insensitive kind, slashes in names', () => {
    expect(findNode(graph, 'Deployment:shop/web').id).toBe(ids.b);
    expect(findNode(graph, 'deployment/shop/web').id).toBe(ids.b);
    expect(findNode(graph, 'Deployment/api').id).toBe(ids.f);
    expect(findNode(graph, 'ClusterAdmin/cluster-admin').id).toBe(ids.d);
    expect(findNode(graph, 'IAMRole/arn:aws:iam::111122223333:role/path/to/node').id).toBe(ids.role);
  });

  it('refuses ambiguous, unknown and malformed names with a hint', () => {
    expect(() => findNode(graph, 'Deployment/web')).toThrow(/ambiguous: Deployment\/ops\/web, Deployment\/shop\/web/);
    expect(() => findNode(graph, 'Deployment/shop/wbe')).toThrow(/no such node/);
    expect(() => findNode(graph, 'Deployment/shop/we')).toThrow(/; did you mean Deployment\/shop\/web\?$/);
    expect(() => findNode(graph, 'Deployment/default/we')).toThrow(/did you mean Deployment\/ops\/web, Deployment\/shop\/web\?/);
    expect(() => findNode(graph, 'Gizmo/x')).toThrow(/kinds in the graph: .*Deployment/);
    expect(() => findNode(graph, 'web')).toThrow(UsageError);
    expect(() => findNode(graph, 'Deployment/')).toThrow(/Kind\/namespace\/name/);
  });

  it('shows the control characters of names in its hints as \\xNN, never raw', () => {
    const hostile = new SecurityGraph();
    hostile.addNode(node('Deployment', 'ev\u001b[31mil', 'app"\n; eksguard: fake\u0007'));
    hostile.addNode(node('Deployment', 'a\rb', 'app"\n; eksguard: fake\u0007'));
    hostile.addNode(node('Gadget\u001b]0;x\u0007', undefined, 'g'));
    const messageOf = (spec: string): string => {
      try {
        findNode(hostile, spec);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error(`${spec} was found`);
    };
    const messages = ['Deployment/ap', 'Deployment/app"\n; eksguard: fake\u0007', 'Gizmo/x', 'Deployment/x\u001b[2J', 'x\u0007y'].map(messageOf);
    // eslint-disable-next-line no-control-regex -- asserting that no control character is left
    for (const message of messages) expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    const both = 'Deployment/a\\x0Db/app"\\x0A; eksguard: fake\\x07, Deployment/ev\\x1B[31mil/app"\\x0A; eksguard: fake\\x07';
    expect(messages[0]).toContain(`did you mean ${both}?`);
    expect(messages[1]).toBe(`--around Deployment/app"\\x0A; eksguard: fake\\x07 is ambiguous: ${both} (add the namespace)`);
    expect(messages[2]).toContain('Gadget\\x1B]0;x\\x07');
    expect(messages[3]).toContain('--around Deployment/x\\x1B[2J: no such node');
  });
});

describe('graphJson', () => {
  it('prints nodes and edges with evidence, the same bytes every time', () => {
    const { graph, ids } = chain();
    const text = graphJson(neighbourhood(graph, graph.node(ids.b!)!, 1));
    expect(text).toBe(graphJson(neighbourhood(graph, graph.node(ids.b!)!, 1)));
    const document = JSON.parse(text);
    expect(Object.keys(document)).toEqual(['schemaVersion', 'tool', 'around', 'nodes', 'edges']);
    expect(document.nodes.find((entry: { id: string }) => entry.id === ids.b)).toEqual({
      id: 'Deployment:shop/web',
      type: 'workload',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      attrs: {},
    });
    expect(document.edges.find((edge: { kind: string; from: string }) => edge.kind === 'runs-as')).toEqual({
      from: 'Deployment:shop/web',
      kind: 'runs-as',
      to: 'ServiceAccount:shop/web',
      evidence: [{ resource: { kind: 'Deployment', name: 'web' }, detail: 'runs-as edge' }],
      enabledBy: [],
    });
    expect(JSON.parse(graphJson(wholeGraph(graph)))).not.toHaveProperty('around');
  });
});

describe('graphDot', () => {
  it('escapes what could break out of a DOT string', () => {
    expect(dotString('plain')).toBe('"plain"');
    expect(dotString('say "hi"')).toBe('"say \\"hi\\""');
    expect(dotString('back\\')).toBe('"back\\\\"');
    expect(dotString('\\N\\G\\l')).toBe('"\\\\N\\\\G\\\\l"');
    expect(dotString('line\nbreak\u001b[31m')).toBe('"line\\\\x0Abreak\\\\x1B[31m"');
  });

  it('draws every node once with a label and every edge between them, whatever the names hold', () => {
    const graph = new SecurityGraph();
    const hostile = graph.addNode(node('Deployment', 'ns"; evil [label=x]', 'web\\"\n}\ndigraph x {'));
    const other = graph.addNode(internetNode());
    graph.addEdge({ from: other.id, kind: 'exposes', to: hostile.id, evidence: [], enabledBy: [{ kind: 'Service', name: 'x' }] });
    const dot = graphDot(wholeGraph(graph));
    const lines = dot.trimEnd().split('\n');
    expect(lines[0]).toBe('digraph eksguard {');
    expect(lines.at(-1)).toBe('}');
    // One statement a line: the names' quotes, newlines and braces stay inside their strings.
    expect(lines).toHaveLength(8);
    expect(lines.filter((line) => line.startsWith('digraph'))).toHaveLength(1);
    expect(lines.filter((line) => line.trim() === '}')).toHaveLength(1);
    const nodeLine = lines.find((line) => line.includes('label="Deployment'))!;
    expect(nodeLine).toBe(
      '  n0 [label="Deployment\\nns\\"; evil [label=x]/web\\\\\\"\\\\x0A}\\\\x0Adigraph x {", tooltip="Deployment:ns\\"; evil [label=x]/web\\\\\\"\\\\x0A}\\\\x0Adigraph x {", shape=box3d];',
    );
    // Every quote in the line is either escaped or one of the four delimiters.
    expect(nodeLine.replace(/\\\\/g, '').replace(/\\"/g, '').match(/"/g)).toHaveLength(4);
    expect(lines).toContain('  n1 -> n0 [label="exposes", color="#c0392b"];');
  });

  it('marks the centre of a neighbourhood and draws provided edges dashed', () => {
    const { graph, ids } = chain();
    const dot = graphDot(neighbourhood(graph, graph.node(ids.b!)!, 1));
    expect(dot).toMatch(/label="Deployment\\nshop\/web", tooltip="Deployment:shop\/web", shape=box3d, penwidth=3\]/);
    expect(dot).toMatch(/ -> n\d+ \[label="reaches", style=dashed\];/);
  });

  // Graphviz itself (installed by `npm test`'s pretest): the hostile names come out as the text they are.
  it('renders with Graphviz to labels that read as the names given', () => {
    const graph = new SecurityGraph();
    graph.addNode(node('Deployment', 'ns"; x [label=y]', 'web\\"\n}\\'));
    graph.addNode({ id: 'User:a', type: 'user', kind: 'User\\', name: '\\N\\G<b>', attrs: {} });
    const svg = spawnSync('dot', ['-Tsvg'], { input: graphDot(wholeGraph(graph)), encoding: 'utf8' });
    expect(svg.status).toBe(0);
    const texts = [...svg.stdout.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
    expect(texts).toEqual(['Deployment', 'ns"; x [label=y]/web\\"\\x0A}\\', 'User\\', '\\N\\G<b>']);
  });
});

