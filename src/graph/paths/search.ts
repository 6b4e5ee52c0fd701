/**
 * Finds the paths a query asks for: a breadth-first walk from every source node over the
 * query's edges, so each path found is a shortest one. A walk state is the node plus what the
 * path so far carries (required edges seen, entry point, limited edges used), so a node reached
 * without a required edge can be reached again with it.
 */
import { createHash } from 'node:crypto';
import type { AttackPath, AttackPathStep, GraphNodeRef } from '../../model/index.js';
import type { EdgeKind } from '../edge-kinds.js';
import type { GraphEdge, GraphNode, SecurityGraph } from '../security-graph.js';
import { anySelectorMatches, type PathQuery } from './query.js';
import { pathScore } from '../risk-score.js';

/** A found path before it is turned into report form: the edges, in order. */
export interface FoundPath {
  query: PathQuery;
  edges: GraphEdge[];
}

interface State {
  node: string;
  mask: number;
  pivot: string | undefined;
  uses: number[];
  depth: number;
  parent: State | undefined;
  edge: GraphEdge | undefined;
}

/** The paths of one query, shortest first; stops at `query.limit`. */
export function searchPaths(graph: SecurityGraph, query: PathQuery): FoundPath[] {
  return searchQuery(graph, query).paths;
}

export interface QueryOutcome {
  paths: FoundPath[];
  /** The query stopped at its limit: more paths may exist. */
  limitReached: boolean;
}

export function searchQuery(graph: SecurityGraph, query: PathQuery): QueryOutcome {
  const requiredBits = new Map<EdgeKind, number>();
  query.requires.forEach((kind, index) => requiredBits.set(kind, 1 << index));
  const anyBit = query.requiresAny.length > 0 ? 1 << query.requires.length : 0;
  const fullMask = (1 << query.requires.length) - 1 + anyBit;
  const limited = Object.keys(query.maxUses) as EdgeKind[];
  // A state remembers the edge that reached it only when some edge may not follow that kind.
  const restricting = new Set([...query.notAfter.values()].flatMap((kinds) => [...kinds]));
  const stateKey = (state: State): string => keyOf(state, restricting);

  const useful = nodesReachingTargets(graph, query);
  const sources: GraphNode[] = [];
  for (const node of graph.nodes()) {
    if (anySelectorMatches(query.from, node) && (!useful || useful.has(node.id))) sources.push(node);
  }
  sources.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const found: FoundPath[] = [];
  const reported = new Set<string>();
  for (const source of sources) {
    if (found.length >= query.limit) break;
    const seen = new Set<string>();
    const start: State = {
      node: source.id,
      mask: 0,
      pivot: query.pivot && source.type === query.pivot ? source.id : undefined,
      uses: limited.map(() => 0),
      depth: 0,
      parent: undefined,
      edge: undefined,
    };
    let frontier: State[] = [start];
    seen.add(stateKey(start));
    while (frontier.length > 0 && found.length < query.limit) {
      const next: State[] = [];
      for (const state of frontier) {
        if (state.depth >= query.maxSteps) continue;
        for (const edge of graph.out(state.node, query.edges)) {
          const successor = advance(state, edge, graph, query, requiredBits, anyBit, limited);
          if (!successor) continue;
          if (useful && !useful.has(successor.node)) continue;
          if (query.avoid.length > 0 && anySelectorMatches(query.avoid, graph.node(successor.node)!)) continue;
          const key = stateKey(successor);
          if (seen.has(key)) continue;
          seen.add(key);
          const target = graph.node(successor.node);
          if (target && successor.mask === fullMask && anySelectorMatches(query.to, target)) {
            const identity = `${source.id}\u0000${successor.pivot ?? ''}\u0000${target.id}`;
            if (!reported.has(identity)) {
              reported.add(identity);
              found.push({ query, edges: edgesOf(successor) });
              if (found.length >= query.limit) break;
            }
          }
          next.push(successor);
        }
        if (found.length >= query.limit) break;
      }
      frontier = next;
    }
  }
  return { paths: found, limitReached: found.length >= query.limit };
}

/**
 * Nodes from which some target can be reached over the query's edges, found by walking stored
 * edges backwards from the targets; the forward search never enters any other node. Edges that
 * are provided on demand have no reverse index, so a query walking them is not pruned.
 */
function nodesReachingTargets(graph: SecurityGraph, query: PathQuery): Set<string> | undefined {
  const provided = new Set(graph.providedKinds());
  if ([...query.edges].some((kind) => provided.has(kind))) return undefined;
  const useful = new Set<string>();
  const queue: string[] = [];
  for (const node of graph.nodes()) {
    if (anySelectorMatches(query.to, node)) {
      useful.add(node.id);
      queue.push(node.id);
    }
  }
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const edge of graph.in(id)) {
      if (!query.edges.has(edge.kind) || useful.has(edge.from)) continue;
      useful.add(edge.from);
      queue.push(edge.from);
    }
  }
  return useful;
}

function advance(
  state: State,
  edge: GraphEdge,
  graph: SecurityGraph,
  query: PathQuery,
  requiredBits: ReadonlyMap<EdgeKind, number>,
  anyBit: number,
  limited: readonly EdgeKind[],
): State | undefined {
  if (state.edge && query.notAfter.get(edge.kind)?.has(state.edge.kind)) return undefined;
  let uses = state.uses;
  const limitIndex = limited.indexOf(edge.kind);
  if (limitIndex >= 0) {
    if (state.uses[limitIndex]! >= query.maxUses[edge.kind]!) return undefined;
    uses = [...state.uses];
    uses[limitIndex]!++;
  }
  // A path never revisits a node: a cycle only makes it longer.
  for (let at: State | undefined = state; at; at = at.parent) if (at.node === edge.to) return undefined;
  let mask = state.mask | (requiredBits.get(edge.kind) ?? 0);
  if (anyBit && query.requiresAny.includes(edge.kind)) mask |= anyBit;
  let pivot = state.pivot;
  if (query.pivot && pivot === undefined && graph.node(edge.to)?.type === query.pivot) pivot = edge.to;
  return { node: edge.to, mask, pivot, uses, depth: state.depth + 1, parent: state, edge };
}

function keyOf(state: State, restricting: ReadonlySet<EdgeKind>): string {
  const last = state.edge && restricting.has(state.edge.kind) ? state.edge.kind : '';
  return `${state.node}\u0000${state.mask}\u0000${state.pivot ?? ''}\u0000${state.uses.join(',')}\u0000${last}`;
}

function edgesOf(state: State): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (let at: State | undefined = state; at?.edge; at = at.parent) edges.push(at.edge);
  return edges.reverse();
}

export function refOf(node: GraphNode): GraphNodeRef {
  const ref: GraphNodeRef = { kind: node.kind, name: node.name };
  if (node.namespace !== undefined) ref.namespace = node.namespace;
  return ref;
}

/** The report form of a found path, with a stable id and its score. */
export function toAttackPath(graph: SecurityGraph, path: FoundPath, checkIdsOf: (edge: GraphEdge) => string[]): AttackPath {
  const steps: AttackPathStep[] = path.edges.map((edge) => {
    const step: AttackPathStep = {
      from: refOf(graph.node(edge.from)!),
      edge: edge.kind,
      to: refOf(graph.node(edge.to)!),
      evidence: [...edge.evidence],
    };
    const checkIds = checkIdsOf(edge);
    if (checkIds.length > 0) step.checkIds = checkIds;
    return step;
  });
  const nodeIds = [path.edges[0]!.from, ...path.edges.map((edge) => edge.to)];
  const hash = createHash('sha256').update(`${path.query.id}\u0000${nodeIds.join('\u0000')}`).digest('hex').slice(0, 12);
  return {
    id: `${path.query.id}:${hash}`,
    query: path.query.id,
    title: path.query.title,
    severity: path.query.severity,
    score: pathScore(path.query.severity, steps.length),
    steps,
  };
}
