import { describe, expect, it } from 'vitest';
import { compileExpression, isCompileProblem, toCel, type CompiledExpression } from './cel.js';

function compiled(expression: string, mode: Parameters<typeof compileExpression>[1] = 'object'): CompiledExpression {
  const result = compileExpression(expression, mode);
  if (isCompileProblem(result)) throw new Error(result.message);
  return result;
}

describe('compileExpression', () => {
  it('short-circuits has() so absent fields can be guarded', () => {
    const expression = compiled("has(object.metadata.labels) && 'team' in object.metadata.labels");
    expect(expression.evaluate({ object: toCel({ metadata: {} }), options: {} })).toBe(false);
    expect(expression.evaluate({ object: toCel({ metadata: { labels: { team: 'a' } } }), options: {} })).toBe(true);
  });

  it('supports optional chaining', () => {
    const expression = compiled("object.metadata.?labels.team.orValue('') == 'payments'");
    expect(expression.evaluate({ object: toCel({ metadata: {} }), options: {} })).toBe(false);
  });

  it('treats whole numbers as ints, as Kubernetes CEL does', () => {
    const expression = compiled('object.spec.replicas + 1 == 4 && object.spec.ratio > 0.4');
    expect(expression.evaluate({ object: toCel({ spec: { replicas: 3, ratio: 0.5 } }), options: {} })).toBe(true);
  });

  it('finds syntax errors, unknown variables and type errors at compile time, with an offset', () => {
    expect(compileExpression('object.metadata.name.startsWith(', 'object')).toMatchObject({ offset: 32 });
    expect(compileExpression('has(object.x) && container.image == ""', 'object')).toEqual({
      offset: 17,
      message: 'Unknown variable: container',
    });
    expect(compileExpression("object.a == 1 && 1 + 'a' == 2", 'object')).toMatchObject({
      message: 'no such overload: int + string',
    });
  });

  it('requires a bool result', () => {
    expect(compileExpression('size(object)', 'object')).toMatchObject({ message: /must evaluate to a bool.*not int/ });
  });

  it('binds the container variables only per container', () => {
    expect(isCompileProblem(compileExpression("containerType == 'initContainer'", 'workload'))).toBe(true);
    expect(isCompileProblem(compileExpression("containerType == 'initContainer'", 'container'))).toBe(false);
  });
});

describe('toCel', () => {
  it('converts once per object and keeps the original untouched', () => {
    const object = { spec: { replicas: 2, items: [1, 'a', null] } };
    const first = toCel(object);
    expect(first).toEqual({ spec: { replicas: 2n, items: [1n, 'a', null] } });
    expect(toCel(object)).toBe(first);
    expect(object.spec.replicas).toBe(2);
  });
});
