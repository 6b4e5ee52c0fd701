import { describe, expect, it } from 'vitest';
import { builtInQueries, parseQuery, QueryError, selectorMatches } from './query.js';

const minimal = `
id: demo
title: Demo
severity: high
from: { type: internet }
to: { type: cluster-admin }
edges: [exposes, selects]
`;

describe('path queries', () => {
  it('loads every shipped query and each has a distinct id', () => {
    const queries = builtInQueries();
    expect(queries.length).toBeGreaterThanOrEqual(8);
    expect(new Set(queries.map((query) => query.id)).size).toBe(queries.length);
    for (const query of queries) expect(query.file).toBe(`${query.id}.yaml`);
  });

  it('applies defaults', () => {
    const query = parseQuery(minimal, 'demo.yaml');
    expect(query).toMatchObject({ id: 'demo', severity: 'high', maxSteps: 12, limit: 200, requires: [], requiresAny: [] });
    expect([...query.edges]).toEqual(['exposes', 'selects']);
    expect(query.notAfter.size).toBe(0);
  });

  it('reads the edge kinds an edge may not follow', () => {
    const query = parseQuery(`${minimal}notAfter: { selects: [exposes] }\n`, 'demo.yaml');
    expect([...(query.notAfter.get('selects') ?? [])]).toEqual(['exposes']);
  });

  it('keeps the AWS queries from turning a service account token into its IAM role', () => {
    for (const query of builtInQueries().filter((candidate) => candidate.edges.has('can-assume') && candidate.edges.has('runs-as'))) {
      expect([...(query.notAfter.get('can-assume') ?? [])].sort(), query.id).toEqual(
        (['can-impersonate', 'can-read-secrets', 'runs-as'] as const).filter((kind) => query.edges.has(kind)),
      );
    }
  });

  it.each([
    ['unknown edge kind', minimal.replace('[exposes, selects]', '[exposes, teleports]'), 'demo.yaml: edges[1]: unknown edge kind "teleports"'],
    ['unknown node type', minimal.replace('type: internet', 'type: spaceship'), 'demo.yaml: from.type: unknown node type "spaceship"'],
    ['bad severity', minimal.replace('severity: high', 'severity: dire'), 'demo.yaml: severity: one of'],
    ['required edge not walkable', `${minimal}requires: [runs-as]\n`, 'demo.yaml: requires: runs-as is required but not in edges'],
    ['not a mapping', '- a\n- b\n', 'demo.yaml: a query is a mapping'],
    ['broken YAML', 'id: [unclosed', 'demo.yaml:'],
    ['bad maxUses', `${minimal}maxUses: { selects: 0 }\n`, 'demo.yaml: maxUses.selects: a whole number of at least 1'],
    ['bad pivot', `${minimal}pivot: pod\n`, 'demo.yaml: pivot: one of'],
    ['notAfter not a mapping', `${minimal}notAfter: [selects]\n`, 'demo.yaml: notAfter: a mapping'],
    ['notAfter of an unknown kind', `${minimal}notAfter: { teleports: [selects] }\n`, 'demo.yaml: notAfter.teleports: unknown edge kind'],
    ['notAfter naming an unknown kind', `${minimal}notAfter: { selects: [exposes, warps] }\n`, 'demo.yaml: notAfter.selects[1]: unknown edge kind "warps"'],
    ['notAfter not a list', `${minimal}notAfter: { selects: exposes }\n`, 'demo.yaml: notAfter.selects: a list of edge kinds'],
  ])('names the file and field for %s', (_label, text, message) => {
    expect(() => parseQuery(text, 'demo.yaml')).toThrow(QueryError);
    expect(() => parseQuery(text, 'demo.yaml')).toThrow(message);
  });

  it('matches nodes by type, name and attributes (list attributes by membership)', () => {
    const node = { id: 'x', type: 'aws-principal' as const, kind: 'AWSPrincipal', name: 'arn', attrs: { outsideAccount: true, tags: ['a', 'b'] } };
    expect(selectorMatches({ types: ['aws-principal'], attrs: { outsideAccount: true } }, node)).toBe(true);
    expect(selectorMatches({ types: ['aws-principal'], attrs: { outsideAccount: false } }, node)).toBe(false);
    expect(selectorMatches({ types: ['aws-principal'], attrs: { tags: 'b' } }, node)).toBe(true);
    expect(selectorMatches({ types: ['aws-principal'], names: ['other'] }, node)).toBe(false);
    expect(selectorMatches({ types: ['iam-role'] }, node)).toBe(false);
  });
});

describe('avoid', () => {
  it('parses node selectors a path may not pass through', () => {
    const query = parseQuery(`${minimal}avoid: { type: group, name: [system:authenticated] }\n`, 'demo.yaml');
    expect(query.avoid).toEqual([{ types: ['group'], names: ['system:authenticated'] }]);
    expect(parseQuery(minimal, 'demo.yaml').avoid).toEqual([]);
    expect(() => parseQuery(`${minimal}avoid: { type: planet }\n`, 'demo.yaml')).toThrow('demo.yaml: avoid.type: unknown node type "planet"');
  });
});
