import { describe, expect, it } from 'vitest';
import { parseEvidencePath } from './evidence-template.js';

describe('parseEvidencePath', () => {
  it('reads dotted fields, indexes and quoted keys', () => {
    expect(parseEvidencePath('metadata.labels')).toEqual({ root: undefined, segments: ['metadata', 'labels'] });
    expect(parseEvidencePath('spec.containers[0].image')).toEqual({
      root: undefined,
      segments: ['spec', 'containers', 0, 'image'],
    });
    expect(parseEvidencePath('podMetadata.labels["app.kubernetes.io/name"]')).toEqual({
      root: 'podMetadata',
      segments: ['labels', 'app.kubernetes.io/name'],
    });
  });

  it('recognises the variable a path starts from', () => {
    expect(parseEvidencePath('container.securityContext.privileged')).toEqual({
      root: 'container',
      segments: ['securityContext', 'privileged'],
    });
    expect(parseEvidencePath('podSpec')).toEqual({ root: 'podSpec', segments: [] });
    expect(parseEvidencePath('object.metadata')).toEqual({ root: 'object', segments: ['metadata'] });
  });

  it('explains what it cannot read', () => {
    expect(parseEvidencePath('')).toBe('must not be empty');
    expect(parseEvidencePath('metadata..labels')).toMatch(/cannot read a field name at "\.labels"/);
    expect(parseEvidencePath('spec.containers[x]')).toMatch(/cannot read a field name at "\[x\]"/);
    expect(parseEvidencePath('metadata labels')).toMatch(/unexpected " "/);
  });
});
