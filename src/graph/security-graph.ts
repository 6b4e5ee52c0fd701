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

function edgeKey(from: string, kind: string, to: string): string {
  return `${from}\u0000${kind}\u0000${to}`;
}

const EMPTY: readonly GraphEdge[] = [];

export class SecurityGraph {
  private readonly nodeMap = new Map<string, GraphNode>();
  private readonly outgoing = new Map<string, GraphEdge[]>();
  private readonly incoming = new Map<string, GraphEdge[]>();
  private readonly edgeIndex = new Map<string, GraphEdge>();
  private readonly providers = new Map<EdgeKind, { from: NodeType; provider: EdgeProvider }>();
  private storedEdges = 0;

  /** Adds a node, or merges attributes into the node with the same id. */
  addNode(node: GraphNode): GraphNode {
    const existing = this.nodeMap.get(node.id);
    if (existing) {
      Object.assign(existing.attrs, node.attrs);
      if (!existing.resource && node.resource) existing.resource = node.resource;
      return existing;
    }
    this.nodeMap.set(node.id, node);
    return node;
  }

  /** Adds an edge between two known nodes; a repeated edge gains the new evidence instead. */
  addEdge(edge: GraphEdge): GraphEdge {
    if (!this.nodeMap.has(edge.from) || !this.nodeMap.has(edge.to)) {
      throw new Error(`edge ${edge.kind} ${edge.from} → ${edge.to} names a node not in the graph`);
    }
    const key = edgeKey(edge.from, edge.kind, edge.to);
    const existing = this.edgeIndex.get(key);
    if (existing) {
      // Copy on write: builders may share evidence and enabledBy arrays between edges.
      const evidence = edge.evidence.filter((item) => !existing.evidence.some((known) => sameEvidence(known, item)));
      if (evidence.length > 0) existing.evidence = [...existing.evidence, ...evidence];
      const enabledBy = edge.enabledBy.filter((ref) => !existing.enabledBy.some((known) => sameRef(known, ref)));
      if (enabledBy.length > 0) existing.enabledBy = [...existing.enabledBy, ...enabledBy];
      return existing;
    }
    // Stored as given (no copy): at tens of thousands of edges the copies are most of the cost.
    const stored = edge;
    this.edgeIndex.set(key, stored);
    push(this.outgoing, edge.from, stored);
    push(this.incoming, edge.to, stored);
    this.storedEdges++;
    return stored;
  }

  /** Registers the on-demand provider of one edge kind leaving nodes of one type (pod-to-pod reachability). */
  provide(kind: EdgeKind, from: NodeType, provider: EdgeProvider): void {
    this.providers.set(kind, { from, provider });
  }

  node(id: string): GraphNode | undefined {
    return this.nodeMap.get(id);
  }

  nodes(): IterableIterator<GraphNode> {
    return this.nodeMap.values();
  }

  get nodeCount(): number {
    return this.nodeMap.size;
  }

  /** Stored edges only; provided edges are counted by walking them. */
  get storedEdgeCount(): number {
    return this.storedEdges;
  }

  /** Edges leaving a node, stored and provided; `kinds` limits which kinds are computed. */
  out(id: string, kinds?: ReadonlySet<EdgeKind>): readonly GraphEdge[] {
    const stored = this.outgoing.get(id) ?? EMPTY;
    const node = this.nodeMap.get(id);
    let provided: GraphEdge[] | undefined;
    if (node) {
      for (const [kind, { from, provider }] of this.providers) {
        if (node.type !== from || (kinds && !kinds.has(kind))) continue;
        const edges = provider(node);
        if (edges.length > 0) (provided ??= []).push(...edges);
      }
    }
    const all = provided ? [...stored, ...provided] : stored;
    return kinds ? all.filter((edge) => kinds.has(edge.kind)) : all;
  }

  /** Stored edges entering a node. */
  in(id: string): readonly GraphEdge[] {
    return this.incoming.get(id) ?? EMPTY;
  }

  /** Every stored edge. */
  *edges(): IterableIterator<GraphEdge> {
    yield* this.edgeIndex.values();
  }

  providedKinds(): EdgeKind[] {
    return [...this.providers.keys()];
  }
}

function push(map: Map<string, GraphEdge[]>, key: string, edge: GraphEdge): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}

function sameRef(a: ResourceRef, b: ResourceRef): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

function sameEvidence(a: StepEvidence, b: StepEvidence): boolean {
  return sameRef(a.resource, b.resource) && a.path === b.path && a.detail === b.detail;
}
