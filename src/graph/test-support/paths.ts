/** Query tests: the paths a shipped query finds on a fixture inventory, one readable line each. */
import type { AwsData } from '../../model/index.js';
import { buildGraph } from '../build-graph.js';
import { builtInQueries, type PathQuery } from '../paths/query.js';
import { searchPaths, toAttackPath } from '../paths/search.js';
import { graphInventory } from './inventory.js';

export function shippedQuery(id: string): PathQuery {
  const found = builtInQueries().find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no query ${id}`);
  return found;
}

/** Each path as `Kind ns/name -edge-> …`, easy to read in a failing test. */
export function pathsOf(id: string, yaml: string, aws?: AwsData): string[] {
  const graph = buildGraph(graphInventory(yaml, aws));
  return searchPaths(graph, shippedQuery(id)).map((found) => {
    const path = toAttackPath(graph, found, () => []);
    const label = (ref: { kind: string; namespace?: string; name: string }) => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
    return [label(path.steps[0]!.from), ...path.steps.map((step) => `-${step.edge}-> ${label(step.to)}`)].join(' ');
  });
}
