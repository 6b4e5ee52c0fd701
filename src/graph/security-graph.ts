/**
 * The security graph: typed nodes (Kubernetes objects, AWS identities, the Internet, permission
 * classes) and typed edges that each carry the evidence creating them. Most edges are stored;
 * pod-to-pod `reaches` edges are produced on demand by a provider, because materialising every
 * pair of pods would be quadratic in the size of the cluster.
 */
import type { GraphNodeRef, ResourceRef, StepEvidence } from '../model/index.js';
import type { EdgeKind } from './edge-kinds.js';

export type NodeType =
  | 'internet'
  | 'load-balancer'
  | 'ingress'
  | 'service'
  | 'workload'
  | 'image'
  | 'service-account'
  | 'user'
  | 'group'
  | 'role'
  | 'binding'
  | 'namespace'
  | 'secret'
  | 'node-group'
  | 'iam-role'
  | 'aws-principal'
  | 'aws-permission'
  | 'cluster-admin';

export const NODE_TYPES: readonly NodeType[] = [
  'internet',
  'load-balancer',
  'ingress',
  'service',
  'workload',
  'image',
  'service-account',
  'user',
  'group',
  'role',
  'binding',
  'namespace',
  'secret',
  'node-group',
  'iam-role',
  'aws-principal',
  'aws-permission',
  'cluster-admin',
];

export type AttrValue = string | number | boolean | readonly string[];

export interface GraphNode extends GraphNodeRef {
  /** Unique: `kind:namespace/name` (see nodes.ts). */
  id: string;
  type: NodeType;
  /** Facts path queries filter on (`exposed`, `holdsSecrets`, `outsideAccount`, …). */
  attrs: Record<string, AttrValue>;
  /** The inventory object behind the node, for linking findings. */
  resource?: ResourceRef;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** Shared between edges by some builders: replaced, never changed in place. */
  evidence: readonly StepEvidence[];
  /** Resources whose failed findings (of the edge kind's enabling checks) create this edge. */
  enabledBy: readonly ResourceRef[];
}

/** Produces the edges of one kind leaving a node, computed when a search asks for them. */
export type EdgeProvider = (node: GraphNode) => readonly GraphEdge[];

const EMPTY: readonly GraphEdge[] = [];

/**
 * A node with its stored edges. Edges are deduplicated through `byTo` (target id, then a scan
 * of the few kinds between the pair) rather than a joined `from/kind/to` string key: at tens of
 * thousands of edges, building and hashing those keys was a large part of the cost.
 */
interface NodeEntry {
  node: GraphNode;
  out: GraphEdge[] | undefined;
  in: GraphEdge[] | undefined;
  /** The edge to a node, or the edges when several kinds join the pair. */
  byTo: Map<string, GraphEdge | GraphEdge[]> | undefined;
}

export class SecurityGraph {
  private readonly entries = new Map<string, NodeEntry>();
  /** Every stored edge, in the order first added. */
  private readonly stored: GraphEdge[] = [];
  private readonly providers = new Map<EdgeKind, { from: NodeType; provider: EdgeProvider }>();

  /** Adds a node, or merges attributes into the node with the same id. */
  addNode(node: GraphNode): GraphNode {
    const entry = this.entries.get(node.id);
    if (entry) {
      const existing = entry.node;
      Object.assign(existing.attrs, node.attrs);
      if (!existing.resource && node.resource) existing.resource = node.resource;
      return existing;
    }
    this.entries.set(node.id, { node, out: undefined, in: undefined, byTo: undefined });
    return node;
  }

  /** Adds an edge between two known nodes; a repeated edge gains the new evidence instead. */
  addEdge(edge: GraphEdge): GraphEdge {
    const from = this.entries.get(edge.from);
    const to = from && this.entries.get(edge.to);
    if (!from || !to) {
      throw new Error(`edge ${edge.kind} ${edge.from} → ${edge.to} names a node not in the graph`);
    }
    const byTo = (from.byTo ??= new Map<string, GraphEdge | GraphEdge[]>());
    const between = byTo.get(edge.to);
    const existing = between === undefined ? undefined : Array.isArray(between) ? between.find((known) => known.kind === edge.kind) : between.kind === edge.kind ? between : undefined;
    if (existing) {
      // Copy on write: builders may share evidence and enabledBy arrays between edges.
      const evidence = edge.evidence.filter((item) => !existing.evidence.some((known) => sameEvidence(known, item)));
      if (evidence.length > 0) existing.evidence = [...existing.evidence, ...evidence];
      const enabledBy = edge.enabledBy.filter((ref) => !existing.enabledBy.some((known) => sameRef(known, ref)));
      if (enabledBy.length > 0) existing.enabledBy = [...existing.enabledBy, ...enabledBy];
      return existing;
    }
    // Stored as given (no copy): at tens of thousands of edges the copies are most of the cost.
    if (between === undefined) byTo.set(edge.to, edge);
    else if (Array.isArray(between)) between.push(edge);
    else byTo.set(edge.to, [between, edge]);
    (from.out ??= []).push(edge);
    (to.in ??= []).push(edge);
    this.stored.push(edge);
    return edge;
  }

  /** Registers the on-demand provider of one edge kind leaving nodes of one type (pod-to-pod reachability). */
  provide(kind: EdgeKind, from: NodeType, provider: EdgeProvider): void {
    this.providers.set(kind, { from, provider });
  }

  node(id: string): GraphNode | undefined {
    return this.entries.get(id)?.node;
  }

  *nodes(): IterableIterator<GraphNode> {
    for (const entry of this.entries.values()) yield entry.node;
  }

  get nodeCount(): number {
    return this.entries.size;
  }

  /** Stored edges only; provided edges are counted by walking them. */
  get storedEdgeCount(): number {
    return this.stored.length;
  }

  /** Edges leaving a node, stored and provided; `kinds` limits which kinds are computed. */
  out(id: string, kinds?: ReadonlySet<EdgeKind>): readonly GraphEdge[] {
    const entry = this.entries.get(id);
    const stored = entry?.out ?? EMPTY;
    let provided: GraphEdge[] | undefined;
    if (entry) {
      for (const [kind, { from, provider }] of this.providers) {
        if (entry.node.type !== from || (kinds && !kinds.has(kind))) continue;
        const edges = provider(entry.node);
        if (edges.length > 0) (provided ??= []).push(...edges);
      }
    }
    const all = provided ? [...stored, ...provided] : stored;
    return kinds ? all.filter((edge) => kinds.has(edge.kind)) : all;
  }

  /** Stored edges entering a node. */
  in(id: string): readonly GraphEdge[] {
    return this.entries.get(id)?.in ?? EMPTY;
  }

  /** Every stored edge. */
  *edges(): IterableIterator<GraphEdge> {
    yield* this.stored;
  }

  providedKinds(): EdgeKind[] {
    return [...this.providers.keys()];
  }
}

function sameRef(a: ResourceRef, b: ResourceRef): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

function sameEvidence(a: StepEvidence, b: StepEvidence): boolean {
  return sameRef(a.resource, b.resource) && a.path === b.path && a.detail === b.detail;
}
