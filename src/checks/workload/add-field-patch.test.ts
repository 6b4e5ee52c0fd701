import { applyPatch, deepClone, type Operation } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../model/index.js';
import { setFieldOperation } from './add-field-patch.js';

const deployment = (container: Record<string, unknown>): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { template: { spec: { containers: [container] } } },
});

const PATH = ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'memory'];

function apply(object: K8sObject): unknown {
  const copy = deepClone(object) as K8sObject;
  applyPatch(copy, [setFieldOperation(object, PATH, '256Mi')] as Operation[], true);
  return (copy.spec as { template: { spec: { containers: Array<{ resources: unknown }> } } }).template.spec.containers[0]?.resources;
}

describe('setFieldOperation', () => {
  it('adds the whole branch when the container has no resources', () => {
    const object = deployment({ name: 'web' });
    expect(setFieldOperation(object, PATH, '256Mi')).toEqual({
      op: 'add',
      path: '/spec/template/spec/containers/0/resources',
      value: { limits: { memory: '256Mi' } },
    });
    expect(apply(object)).toEqual({ limits: { memory: '256Mi' } });
  });

  it('adds inside an existing parent and keeps its siblings', () => {
    const object = deployment({ name: 'web', resources: { requests: { memory: '128Mi' }, limits: { cpu: '1' } } });
    expect(setFieldOperation(object, PATH, '256Mi').path).toBe('/spec/template/spec/containers/0/resources/limits/memory');
    expect(apply(object)).toEqual({ requests: { memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } });
  });

  it('replaces a null parent and an existing value', () => {
    expect(setFieldOperation(deployment({ name: 'web', resources: null }), PATH, '1Gi')).toMatchObject({
      op: 'add',
      path: '/spec/template/spec/containers/0/resources',
    });
    expect(setFieldOperation(deployment({ name: 'web', resources: { limits: { memory: '1Gi' } } }), PATH, '2Gi')).toEqual({
      op: 'replace',
      path: '/spec/template/spec/containers/0/resources/limits/memory',
      value: '2Gi',
    });
  });
});
