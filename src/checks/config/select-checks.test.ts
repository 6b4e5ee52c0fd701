import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config-types.js';
import { selectChecks } from './select-checks.js';

const CHECKS = ['rbac-wildcard', 'rbac-impersonate', 'wl-privileged', 'wl-host-network', 'wl-image-latest'].map((id) => ({ id }));

function config(enable: string[] | undefined, disable: string[] = []) {
  const base = defaultConfig('.eksguard.yaml');
  if (enable) base.checks.enable = enable;
  base.checks.disable = disable;
  return base;
}

const ids = (selection: { checks: Array<{ id: string }> }): string[] => selection.checks.map((check) => check.id);

describe('selectChecks', () => {
  it('runs every check by default', () => {
    const selection = selectChecks(CHECKS, config(undefined));
    expect(ids(selection)).toEqual(CHECKS.map((check) => check.id));
    expect(selection.unknown).toEqual([]);
  });

  it('runs only enabled checks, by id or glob, minus disabled ones', () => {
    const selection = selectChecks(CHECKS, config(['rbac-*', 'wl-privileged'], ['rbac-impersonate']));
    expect(ids(selection)).toEqual(['rbac-wildcard', 'wl-privileged']);
  });

  it('disables by glob', () => {
    expect(ids(selectChecks(CHECKS, config(undefined, ['wl-*'])))).toEqual(['rbac-wildcard', 'rbac-impersonate']);
  });

  it('lets --checks replace enable and disable', () => {
    const selection = selectChecks(CHECKS, config(['rbac-*'], ['wl-image-latest']), { only: ['wl-image-latest'] });
    expect(ids(selection)).toEqual(['wl-image-latest']);
  });

  it('lets --skip-checks replace disable and combine with --checks', () => {
    expect(ids(selectChecks(CHECKS, config(undefined, ['rbac-*']), { skip: ['wl-*'] }))).toEqual([
      'rbac-wildcard',
      'rbac-impersonate',
    ]);
    expect(ids(selectChecks(CHECKS, config(undefined), { only: ['wl-*'], skip: ['wl-host-network'] }))).toEqual([
      'wl-privileged',
      'wl-image-latest',
    ]);
  });

  it('reports ids and globs that name no check, once each', () => {
    const selection = selectChecks(CHECKS, config(['wl-privilegd', 'net-*', 'wl-*'], ['net-*']));
    expect(selection.unknown).toEqual(['wl-privilegd', 'net-*']);
    expect(ids(selection)).toEqual(['wl-privileged', 'wl-host-network', 'wl-image-latest']);
  });

  it('reports unknown ids from the command line, not from the lists it replaced', () => {
    expect(selectChecks(CHECKS, config(['bogus']), { only: ['wl-nope'] }).unknown).toEqual(['wl-nope']);
  });
});
