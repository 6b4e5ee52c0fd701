/**
 * The security graph as data: all of it, or the neighbourhood of one node, as JSON or as
 * Graphviz DOT. Names come from the scanned input, so DOT labels are escaped with care: a
 * Kubernetes name may hold quotes, backslashes or control characters meant to break out.
 */
import type { GraphEdge, GraphNode, SecurityGraph } from '../graph/index.js';
import { printable } from '../report/terminal-text.js';
import { UsageError } from './exit-codes.js';
import { VERSION } from './version.js';

export interface GraphSelection {
  nodes: GraphNode[];
  /** Stored edges, and with a neighbourhood the provided (`reaches`) edges between its nodes too. */
  edges: Array<GraphEdge & { provided?: true }>;
  /** `truncated`: nodes were left out; `edgesTruncated`: edges between the nodes kept were. */
  around?: { node: string; depth: number; truncated: boolean; edgesTruncated: boolean };
}

/** Neighbourhoods stop growing here: a cluster without NetworkPolicy reaches everything. */
export const MAX_NEIGHBOURHOOD = 2000;

/**
 * And stop gaining edges here. Without NetworkPolicies every workload reaches every other, so
 * the `reaches` edges among even capped nodes grow with their square (2000 nodes, 4 million
 * edges): more than a string can hold, or a reader could use.
 */
export const MAX_NEIGHBOURHOOD_EDGES = 10_000;

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function edgeOrder(a: GraphEdge, b: GraphEdge): number {
  return compareIds(a.from, b.from) || compareIds(a.kind, b.kind) || compareIds(a.to, b.to);
}

/** The whole graph: every node, every stored edge (provided edges would be one per pod pair). */
export function wholeGraph(graph: SecurityGraph): GraphSelection {
  return {
    nodes: [...graph.nodes()].sort((a, b) => compareIds(a.id, b.id)),
    edges: [...graph.edges()].sort(edgeOrder),
  };
}

export interface NeighbourhoodLimits {
  nodes: number;
  edges: number;
}

/**
 * The nodes within `depth` edges of `center`, both ways (stored edges in; stored and provided
 * edges out), and the edges between them. Provided edges entering the neighbourhood from
 * outside are not searched for: that would ask every node of the graph. Both counts are
 * capped; stored edges are taken before provided ones (they carry the findings), nearer
 * nodes' edges before farther ones', so a cut keeps what matters most around the centre.
 */
export function neighbourhood(
  graph: SecurityGraph,
  center: GraphNode,
  depth: number,
  limits: Partial<NeighbourhoodLimits> = {},
): GraphSelection {
  const maxNodes = limits.nodes ?? MAX_NEIGHBOURHOOD;
  const maxEdges = limits.edges ?? MAX_NEIGHBOURHOOD_EDGES;
  const inside = new Set([center.id]);
  let frontier = [center.id];
  let truncated = false;
  for (let level = 0; level < depth && frontier.length > 0 && !truncated; level++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const neighbour of [...graph.out(id).map((edge) => edge.to), ...graph.in(id).map((edge) => edge.from)]) {
        if (inside.has(neighbour)) continue;
        if (inside.size >= maxNodes) {
          truncated = true;
          break;
        }
        inside.add(neighbour);
        next.push(neighbour);
      }
      if (truncated) break;
    }
    frontier = next;
  }
  const { edges, edgesTruncated } = edgesAmong(graph, inside, maxEdges);
  return {
    nodes: [...inside].map((id) => graph.node(id)!).sort((a, b) => compareIds(a.id, b.id)),
    edges: edges.sort(edgeOrder),
    around: { node: center.id, depth, truncated, edgesTruncated },
  };
}

/**
 * At most `max` edges between the nodes of `inside` (in the order the search added them):
 * every stored one first, each found once through the node it enters, then the provided ones
 * leaving each node. Providers are not asked again once the cap is reached.
 */
function edgesAmong(
  graph: SecurityGraph,
  inside: ReadonlySet<string>,
  max: number,
): { edges: GraphSelection['edges']; edgesTruncated: boolean } {
  const edges: GraphSelection['edges'] = [];
  for (const id of inside) {
    for (const edge of graph.in(id)) {
      if (!inside.has(edge.from)) continue;
      if (edges.length >= max) return { edges, edgesTruncated: true };
      edges.push(edge);
    }
  }
  const providedKinds = new Set(graph.providedKinds());
  if (providedKinds.size === 0) return { edges, edgesTruncated: false };
  const stored = new Set(graph.edges());
  for (const id of inside) {
    for (const edge of graph.out(id, providedKinds)) {
      if (stored.has(edge) || !inside.has(edge.to)) continue;
      if (edges.length >= max) return { edges, edgesTruncated: true };
      edges.push({ ...edge, provided: true });
    }
  }
  return { edges, edgesTruncated: false };
}

/**
 * A node named on the command line: its id (`Deployment:shop/web`), `Kind/namespace/name`,
 * `Kind/name` for cluster-scoped nodes, or `Kind/name` for a namespaced one when only one
 * namespace has it. Kinds match case-insensitively. Names may hold slashes (IAM role ARNs,
 * `LoadBalancer/shop/Service/web`), so candidates are compared whole, not split.
 */
export function findNode(graph: SecurityGraph, spec: string): GraphNode {
  const byId = graph.node(spec);
  if (byId) return byId;
  const slash = spec.indexOf('/');
  if (slash <= 0 || slash === spec.length - 1) {
    throw new UsageError(`--around ${printable(spec)}: name a node as Kind/namespace/name or Kind/name (e.g. Deployment/shop-frontend/storefront, ClusterRole/cluster-admin)`);
  }
  const kind = spec.slice(0, slash).toLowerCase();
  const rest = spec.slice(slash + 1);
  const ofKind = [...graph.nodes()].filter((node) => node.kind.toLowerCase() === kind);
  const exact = ofKind.filter((node) => (node.namespace === undefined ? node.name === rest : `${node.namespace}/${node.name}` === rest));
  const candidates = exact.length > 0 ? exact : ofKind.filter((node) => node.name === rest);
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    const names = candidates.map((node) => label(node)).sort(compareIds);
    throw new UsageError(`--around ${printable(spec)} is ambiguous: ${names.join(', ')} (add the namespace)`);
  }
  const wanted = rest.toLowerCase();
  const partly = (text: string): boolean => text.toLowerCase().includes(wanted);
  let near = ofKind.filter((node) => partly(node.namespace !== undefined ? `${node.namespace}/${node.name}` : node.name));
  if (near.length === 0) near = ofKind.filter((node) => partly(node.name) || node.name.toLowerCase().includes(wanted.split('/').at(-1) ?? wanted));
  const suggestions = near.map(label).sort(compareIds).slice(0, 5);
  const kinds = [...new Set([...graph.nodes()].map((node) => printable(node.kind)))].sort(compareIds);
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : ofKind.length === 0 ? `; kinds in the graph: ${kinds.join(', ')}` : '';
  throw new UsageError(`--around ${printable(spec)}: no such node in the graph${hint}`);
}

/**
 * `Kind/namespace/name` as the messages above print it: names come from the input, so control
 * characters (an ANSI escape, a newline faking a second message) are shown as `\xNN`.
 */
function label(node: GraphNode): string {
  return printable(`${node.kind}/${node.namespace !== undefined ? `${node.namespace}/` : ''}${node.name}`);
}

/** `{ schemaVersion, tool, around?, nodes, edges }`, sorted, so equal graphs print equal bytes. */
export function graphJson(selection: GraphSelection): string {
  const document = {
    schemaVersion: 1,
    tool: { name: 'eksguard', version: VERSION },
    around: selection.around,
    nodes: selection.nodes.map((node) => ({
      id: node.id,
      type: node.type,
      kind: node.kind,
      namespace: node.namespace,
      name: node.name,
      attrs: sortedAttrs(node.attrs),
      resource: node.resource && {
        apiVersion: node.resource.apiVersion,
        kind: node.resource.kind,
        namespace: node.resource.namespace,
        name: node.resource.name,
      },
    })),
    edges: selection.edges.map((edge) => ({
      from: edge.from,
      kind: edge.kind,
      to: edge.to,
      provided: edge.provided,
      evidence: edge.evidence.map((item) => ({
        resource: { kind: item.resource.kind, namespace: item.resource.namespace, name: item.resource.name },
        path: item.path,
        detail: item.detail,
      })),
      enabledBy: edge.enabledBy.map((ref) => ({ kind: ref.kind, namespace: ref.namespace, name: ref.name })),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function sortedAttrs(attrs: GraphNode['attrs']): GraphNode['attrs'] {
  return Object.fromEntries(Object.keys(attrs).sort(compareIds).map((key) => [key, attrs[key]!]));
}

/**
 * A DOT string literal. Control characters become visible `\xNN` first (a newline in a name
 * must not start a new statement); then backslashes are doubled, so no escape of DOT's
 * (`\N`, `\G`, `\l`, or `\"` closing the string early) can come from the input.
 */
export function dotString(text: string): string {
  return `"${printable(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const SHAPES: Partial<Record<GraphNode['type'], string>> = {
  internet: 'shape=doublecircle, style=filled, fillcolor="#fde2e2"',
  'load-balancer': 'shape=cds',
  ingress: 'shape=cds',
  service: 'shape=component',
  workload: 'shape=box3d',
  'service-account': 'shape=house',
  user: 'shape=house',
  group: 'shape=tab',
  role: 'shape=note',
  binding: 'shape=note, style="rounded,dashed"',
  secret: 'shape=cylinder',
  'node-group': 'shape=box3d, style=filled, fillcolor="#eeeeee"',
  'iam-role': 'shape=hexagon',
  'aws-principal': 'shape=hexagon, style=dashed',
  'aws-permission': 'shape=octagon, style=filled, fillcolor="#fde2e2"',
  'cluster-admin': 'shape=doubleoctagon, style=filled, fillcolor="#f8b4b4"',
};

/** Graphviz DOT: `eksguard graph … --format dot | dot -Tsvg > graph.svg`. */
export function graphDot(selection: GraphSelection): string {
  const ids = new Map(selection.nodes.map((node, index) => [node.id, `n${index}`]));
  const lines = [
    'digraph eksguard {',
    '  graph [rankdir=LR, fontname="Helvetica"];',
    '  node [shape=box, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const node of selection.nodes) {
    const where = node.namespace !== undefined ? `${node.namespace}/${node.name}` : node.name;
    // The two parts are escaped apart, so the one line break is ours.
    const text = `${dotString(node.kind).slice(0, -1)}\\n${dotString(where).slice(1)}`;
    const attributes = [`label=${text}`, `tooltip=${dotString(node.id)}`];
    const shape = SHAPES[node.type];
    if (shape) attributes.push(shape);
    if (selection.around?.node === node.id) attributes.push('penwidth=3');
    lines.push(`  ${ids.get(node.id)} [${attributes.join(', ')}];`);
  }
  for (const edge of selection.edges) {
    const attributes = [`label=${dotString(edge.kind)}`];
    if (edge.provided) attributes.push('style=dashed');
    if (edge.enabledBy.length > 0) attributes.push('color="#c0392b"');
    lines.push(`  ${ids.get(edge.from)} -> ${ids.get(edge.to)} [${attributes.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
