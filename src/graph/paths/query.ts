/**
 * Attack-path queries are data: one YAML file per query in this folder. A query names where an
 * attacker starts, what they are after, which edges they may walk, and which edges a path must
 * use. Files are validated on load; an error names the file and the field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SEVERITIES, type Severity } from '../../model/index.js';
import { isEdgeKind, type EdgeKind } from '../edge-kinds.js';
import { NODE_TYPES, type AttrValue, type GraphNode, type NodeType } from '../security-graph.js';

export interface NodeSelector {
  types: readonly NodeType[];
  /** Node names allowed (any when absent). */
  names?: readonly string[];
  /** Attribute → required value (a list attribute must contain it). */
  attrs?: Readonly<Record<string, string | number | boolean>>;
}

export interface PathQuery {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  from: readonly NodeSelector[];
  to: readonly NodeSelector[];
  edges: ReadonlySet<EdgeKind>;
  /** Every one of these edge kinds must appear on the path. */
  requires: readonly EdgeKind[];
  /** At least one of these edge kinds must appear on the path. */
  requiresAny: readonly EdgeKind[];
  /** One path per distinct first node of this type on the path (the entry point), not per source. */
  pivot?: NodeType;
  /** Longest path, in edges. */
  maxSteps: number;
  /** Per edge kind, how many times a path may use it (lateral-movement hops). */
  maxUses: Readonly<Partial<Record<EdgeKind, number>>>;
  /**
   * Per edge kind, the edge kinds it may not directly follow: what an edge means can depend on
   * how its start was reached (acting as a service account through its API token is not
   * running a pod as it).
   */
  notAfter: ReadonlyMap<EdgeKind, ReadonlySet<EdgeKind>>;
  /** Nodes a path may not pass through (it may still start at one): what another query reports. */
  avoid: readonly NodeSelector[];
  /** Most paths this query reports (shortest first). */
  limit: number;
  file: string;
}

const QUERY_DIR = new URL('./', import.meta.url);
let loaded: PathQuery[] | undefined;

/** The queries shipped beside this module, read once. */
export function builtInQueries(): PathQuery[] {
  loaded ??= readdirSync(QUERY_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => parseQuery(readFileSync(new URL(name, QUERY_DIR), 'utf8'), name));
  return loaded;
}

export class QueryError extends Error {}

export function parseQuery(text: string, file: string): PathQuery {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new QueryError(`${file}: ${(error as Error).message}`);
  }
  if (!isObject(data)) throw new QueryError(`${file}: a query is a mapping with id, title, severity, from, to and edges`);
  const fail = (field: string, what: string): never => {
    throw new QueryError(`${file}: ${field}: ${what}`);
  };
  const text_ = (field: string, required = true): string => {
    const value = data[field];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (!required && value === undefined) return '';
    return fail(field, 'expected a non-empty string');
  };
  const edgeList = (field: string): EdgeKind[] => {
    const value = data[field] ?? [];
    if (!Array.isArray(value)) return fail(field, 'expected a list of edge kinds');
    return value.map((item, index) =>
      typeof item === 'string' && isEdgeKind(item) ? item : fail(`${field}[${index}]`, `unknown edge kind ${JSON.stringify(item)}`),
    );
  };
  const id = text_('id');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) fail('id', 'lower-case words joined by dashes');
  const severity = text_('severity');
  if (!(SEVERITIES as readonly string[]).includes(severity)) fail('severity', `one of ${SEVERITIES.join(', ')}`);
  const edges = new Set(edgeList('edges'));
  if (edges.size === 0) fail('edges', 'name at least one edge kind');
  const requires = edgeList('requires');
  const requiresAny = edgeList('requiresAny');
  for (const kind of [...requires, ...requiresAny]) {
    if (!edges.has(kind)) fail('requires', `${kind} is required but not in edges`);
  }
  const pivot = data.pivot;
  if (pivot !== undefined && !(typeof pivot === 'string' && (NODE_TYPES as readonly string[]).includes(pivot))) {
    fail('pivot', `one of ${NODE_TYPES.join(', ')}`);
  }
  const maxUses: Partial<Record<EdgeKind, number>> = {};
  if (data.maxUses !== undefined) {
    if (!isObject(data.maxUses)) fail('maxUses', 'a mapping of edge kind to a count');
    for (const [kind, count] of Object.entries(data.maxUses as Record<string, unknown>)) {
      if (!isEdgeKind(kind)) fail(`maxUses.${kind}`, 'unknown edge kind');
      if (!Number.isInteger(count) || (count as number) < 1) fail(`maxUses.${kind}`, 'a whole number of at least 1');
      maxUses[kind as EdgeKind] = count as number;
    }
  }
  const notAfter = new Map<EdgeKind, Set<EdgeKind>>();
  if (data.notAfter !== undefined) {
    if (!isObject(data.notAfter)) fail('notAfter', 'a mapping of edge kind to the edge kinds it may not follow');
    for (const [kind, before] of Object.entries(data.notAfter as Record<string, unknown>)) {
      if (!isEdgeKind(kind)) fail(`notAfter.${kind}`, 'unknown edge kind');
      if (!Array.isArray(before)) fail(`notAfter.${kind}`, 'a list of edge kinds');
      const kinds = (before as unknown[]).map((item, index) =>
        typeof item === 'string' && isEdgeKind(item) ? item : fail(`notAfter.${kind}[${index}]`, `unknown edge kind ${JSON.stringify(item)}`),
      );
      notAfter.set(kind as EdgeKind, new Set(kinds));
    }
  }
  const query: PathQuery = {
    id,
    title: text_('title'),
    description: text_('description', false),
    severity: severity as Severity,
    from: selectors(data.from, 'from', fail),
    to: selectors(data.to, 'to', fail),
    edges,
    requires,
    requiresAny,
    maxSteps: positive(data.maxSteps, 'maxSteps', 12, fail),
    maxUses,
    notAfter,
    avoid: data.avoid === undefined ? [] : selectors(data.avoid, 'avoid', fail),
    limit: positive(data.limit, 'limit', 200, fail),
    file,
  };
  if (pivot !== undefined) query.pivot = pivot as NodeType;
  return query;
}

function positive(value: unknown, field: string, fallback: number, fail: (field: string, what: string) => never): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 1) return fail(field, 'a whole number of at least 1');
  return value as number;
}

function selectors(value: unknown, field: string, fail: (field: string, what: string) => never): NodeSelector[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || value === undefined) return fail(field, 'a node selector ({ type, name?, attrs? }) or a list of them');
  return list.map((item, index) => {
    const at = Array.isArray(value) ? `${field}[${index}]` : field;
    if (!isObject(item)) return fail(at, 'a node selector ({ type, name?, attrs? })');
    const types = stringList(item.type, `${at}.type`, fail);
    for (const type of types) {
      if (!(NODE_TYPES as readonly string[]).includes(type)) fail(`${at}.type`, `unknown node type ${JSON.stringify(type)}`);
    }
    const selector: NodeSelector = { types: types as NodeType[] };
    if (item.name !== undefined) selector.names = stringList(item.name, `${at}.name`, fail);
    if (item.attrs !== undefined) {
      if (!isObject(item.attrs)) fail(`${at}.attrs`, 'a mapping of attribute to value');
      for (const [key, attr] of Object.entries(item.attrs)) {
        if (!['string', 'number', 'boolean'].includes(typeof attr)) fail(`${at}.attrs.${key}`, 'a string, number or boolean');
      }
      selector.attrs = item.attrs as Record<string, string | number | boolean>;
    }
    return selector;
  });
}

function stringList(value: unknown, field: string, fail: (field: string, what: string) => never): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((item) => typeof item === 'string' && item !== '')) {
    return fail(field, 'a string or a list of strings');
  }
  return list as string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function attrMatches(actual: AttrValue | undefined, wanted: string | number | boolean): boolean {
  if (Array.isArray(actual)) return (actual as readonly string[]).includes(String(wanted));
  return actual === wanted;
}

export function selectorMatches(selector: NodeSelector, node: GraphNode): boolean {
  if (!selector.types.includes(node.type)) return false;
  if (selector.names && !selector.names.includes(node.name)) return false;
  if (selector.attrs) {
    for (const [key, wanted] of Object.entries(selector.attrs)) {
      if (!attrMatches(node.attrs[key], wanted)) return false;
    }
  }
  return true;
}

export function anySelectorMatches(selectors: readonly NodeSelector[], node: GraphNode): boolean {
  return selectors.some((selector) => selectorMatches(selector, node));
}
