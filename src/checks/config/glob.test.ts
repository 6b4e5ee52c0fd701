import { describe, expect, it } from 'vitest';
import { compileGlob, compileGlobs, isGlob } from './glob.js';

describe('compileGlob', () => {
  it('matches literally without wildcards', () => {
    const matches = compileGlob('wl-privileged');
    expect(matches('wl-privileged')).toBe(true);
    expect(matches('wl-privileged-x')).toBe(false);
    expect(isGlob('wl-privileged')).toBe(false);
  });

  it('treats * as any run and ? as one character', () => {
    expect(compileGlob('rbac-*')('rbac-wildcard')).toBe(true);
    expect(compileGlob('rbac-*')('rbac-')).toBe(true);
    expect(compileGlob('rbac-*')('wl-rbac-x')).toBe(false);
    expect(compileGlob('node-exporter-?')('node-exporter-a')).toBe(true);
    expect(compileGlob('node-exporter-?')('node-exporter-ab')).toBe(false);
    expect(compileGlob('*')('anything/at.all')).toBe(true);
  });

  it('keeps regex characters literal and lets * cross slashes and dots', () => {
    expect(compileGlob('a.b*')('axb')).toBe(false);
    expect(compileGlob('a.b*')('a.b/c.d')).toBe(true);
    expect(compileGlob('(x)+*')('(x)+y')).toBe(true);
    expect(compileGlob('123456789012.dkr.ecr.*.amazonaws.com')('123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toBe(true);
  });

  it('combines patterns with or', () => {
    const matches = compileGlobs(['wl-host-*', 'wl-privileged']);
    expect(matches('wl-host-pid')).toBe(true);
    expect(matches('wl-privileged')).toBe(true);
    expect(matches('wl-hostpath')).toBe(false);
    expect(compileGlobs([])('x')).toBe(false);
  });
});
