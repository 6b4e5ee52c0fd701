import { describe, expect, it } from 'vitest';
import { parseCalicoSelector } from './calico-selector.js';

function matches(source: string, labels: Record<string, string>): boolean {
  const parsed = parseCalicoSelector(source);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.selector.matches(labels);
}

describe('parseCalicoSelector', () => {
  it('selects everything with all() or an empty selector', () => {
    expect(matches('all()', {})).toBe(true);
    expect(matches('', { app: 'x' })).toBe(true);
    expect(matches('  ', {})).toBe(true);
  });

  it('compares values, treating != as true for absent labels', () => {
    expect(matches("app == 'web'", { app: 'web' })).toBe(true);
    expect(matches('app == "web"', { app: 'api' })).toBe(false);
    expect(matches("app != 'web'", {})).toBe(true);
    expect(matches("app != 'web'", { app: 'web' })).toBe(false);
  });

  it('handles has, negation, sets, precedence and parentheses', () => {
    expect(matches('has(tier)', { tier: 'a' })).toBe(true);
    expect(matches('!has(tier)', { tier: 'a' })).toBe(false);
    expect(matches("env in {'prod', 'stage'}", { env: 'stage' })).toBe(true);
    expect(matches("env in {'prod'}", {})).toBe(false);
    expect(matches("env not in {'prod'}", {})).toBe(true);
    expect(matches('env in {}', { env: 'x' })).toBe(false);
    expect(matches("app == 'a' || app == 'b' && tier == 'x'", { app: 'a' })).toBe(true);
    expect(matches("(app == 'a' || app == 'b') && tier == 'x'", { app: 'a' })).toBe(false);
    expect(matches("projectcalico.org/namespace == 'shop'", { 'projectcalico.org/namespace': 'shop' })).toBe(true);
  });

  it('handles string operators', () => {
    expect(matches("app contains 'eb'", { app: 'web' })).toBe(true);
    expect(matches("app starts with 'we'", { app: 'web' })).toBe(true);
    expect(matches("app ends with 'eb'", { app: 'web' })).toBe(true);
    expect(matches("app ends with 'eb'", {})).toBe(false);
  });

  it('reports the keys it reads', () => {
    const parsed = parseCalicoSelector("pcns.team == 'a' && !has(app)");
    expect(parsed.ok && [...parsed.selector.keys].sort()).toEqual(['app', 'pcns.team']);
  });

  it('rejects unsupported or malformed syntax', () => {
    for (const bad of ['global()', "app == web", "app =~ 'x'", "(app == 'a'", "app in {'a' 'b'}", "app == 'x", 'a b']) {
      expect(parseCalicoSelector(bad).ok, bad).toBe(false);
    }
  });
});
