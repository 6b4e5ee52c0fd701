/**
 * From inventory and check results to ranked attack paths: build the graph, run every query,
 * then score each failed finding and tie it to the paths it sits on. A finding is on a path when
 * its check is one that creates an edge of the path and its resource is one the edge names.
 */
import type { AttackPath, CheckResult, ResourceRef } from '../model/index.js';
import type { InventoryView } from '../inventory/index.js';
import { buildGraph } from './build-graph.js';
import { EDGE_KINDS } from './edge-kinds.js';
import { builtInQueries, type PathQuery } from './paths/query.js';
import { searchQuery, toAttackPath, type FoundPath } from './paths/search.js';
import { findingScore } from './risk-score.js';
import type { GraphEdge, SecurityGraph } from './security-graph.js';
import { INTERNET_ID } from './nodes.js';

export interface AttackPathAnalysis {
  graph: SecurityGraph;
  /** Highest score first; ties by id. */
  paths: AttackPath[];
  /** The results given, failures scored and tied to paths (new objects; input untouched). */
  results: CheckResult[];
  /** Ids of the queries that stopped at their limit: they may have more paths than reported. */
  limitsReached: string[];
  /** Paths left out because a step of theirs exists only through waived findings. */
  waivedPaths: number;
}

function byResource(results: readonly CheckResult[]): Map<string, CheckResult[]> {
  const index = new Map<string, CheckResult[]>();
  for (const result of results) {
    const key = refKey(result.resource);
    const list = index.get(key);
    if (list) list.push(result);
    else index.set(key, [result]);
  }
  return index;
}

/** AWS permission classes that amount to full control of the account. */
const FULL_CONTROL = new Set(['admin', 'iam-privesc']);

function refKey(ref: Pick<ResourceRef, 'kind' | 'namespace' | 'name'>): string {
  return `${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name}`;
}

export function findPaths(graph: SecurityGraph, queries: readonly PathQuery[] = builtInQueries()): FoundPath[] {
  return searchAll(graph, queries).paths;
}

function searchAll(graph: SecurityGraph, queries: readonly PathQuery[]): { paths: FoundPath[]; limitsReached: string[] } {
  const paths: FoundPath[] = [];
  const limitsReached: string[] = [];
  for (const query of queries) {
    const outcome = searchQuery(graph, query);
    paths.push(...outcome.paths);
    if (outcome.limitReached) limitsReached.push(query.id);
  }
  return { paths, limitsReached };
}

export function analyzeAttackPaths(
  inventory: InventoryView,
  results: readonly CheckResult[],
  queries: readonly PathQuery[] = builtInQueries(),
): AttackPathAnalysis {
  const graph = buildGraph(inventory);
  const failedByResource = byResource(results.filter((result) => result.status === 'fail' && !result.waived));
  const waivedByResource = byResource(results.filter((result) => result.status === 'fail' && result.waived));
  const enabling = (index: Map<string, CheckResult[]>, edge: GraphEdge): CheckResult[] => {
    const checks: readonly string[] = EDGE_KINDS[edge.kind].checks;
    return edge.enabledBy.flatMap((ref) => (index.get(refKey(ref)) ?? []).filter((r) => checks.includes(r.checkId)));
  };
  const findingsOf = (edge: GraphEdge): CheckResult[] => enabling(failedByResource, edge);
  // A step that only waived findings create is a risk the user accepted (the EKS baseline's
  // privileged system DaemonSets, say): a path through it is not reported.
  const accepted = (edge: GraphEdge): boolean => findingsOf(edge).length === 0 && enabling(waivedByResource, edge).length > 0;

  const { paths: found, limitsReached } = searchAll(graph, queries);
  const paths: AttackPath[] = [];
  const pathsOfFinding = new Map<CheckResult, AttackPath[]>();
  const blast = new Map<string, 1 | 2>();
  let waivedPaths = 0;
  for (const path of found) {
    if (path.edges.some(accepted)) {
      waivedPaths++;
      continue;
    }
    const attackPath = toAttackPath(graph, path, (edge) => [...new Set(findingsOf(edge).map((r) => r.checkId))].sort());
    paths.push(attackPath);
    for (const edge of path.edges) {
      for (const finding of findingsOf(edge)) {
        const list = pathsOfFinding.get(finding);
        if (!list) pathsOfFinding.set(finding, [attackPath]);
        else if (!list.includes(attackPath)) list.push(attackPath);
      }
    }
    const target = graph.node(path.edges.at(-1)!.to);
    const radius = target?.type === 'cluster-admin' || (target?.type === 'aws-permission' && FULL_CONTROL.has(target.name)) ? 2 : 1;
    for (const edge of path.edges) {
      const node = graph.node(edge.from);
      if (node?.resource) blast.set(refKey(node.resource), Math.max(blast.get(refKey(node.resource)) ?? 0, radius) as 1 | 2);
    }
  }
  paths.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const exposed = exposedResources(graph);
  const scored = results.map((result) => {
    if (result.status !== 'fail') return result;
    const onPaths = pathsOfFinding.get(result) ?? [];
    const key = refKey(result.resource);
    const riskScore = findingScore(result.severity, {
      exposed: exposed.has(key),
      blastRadius: blast.get(key) ?? 0,
      pathScores: onPaths.map((path) => path.score),
    });
    const out: CheckResult = { ...result, riskScore };
    if (onPaths.length > 0) out.attackPathIds = onPaths.map((path) => path.id).sort();
    return out;
  });
  return { graph, paths, results: scored, limitsReached, waivedPaths };
}

/** Resources the Internet reaches through load balancers, Ingresses and Services. */
function exposedResources(graph: SecurityGraph): Set<string> {
  const out = new Set<string>();
  const exposure = new Set(['exposes', 'routes-to', 'selects'] as const);
  const queue = [INTERNET_ID];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const edge of graph.out(id)) {
      if (!exposure.has(edge.kind as 'exposes') || seen.has(edge.to)) continue;
      seen.add(edge.to);
      const node = graph.node(edge.to);
      if (node?.resource) out.add(refKey(node.resource));
      queue.push(edge.to);
    }
  }
  return out;
}
