import { describe, expect, it } from 'vitest';
import { defaultAdmissionConfig, type AdmissionConfig } from '../checks/config/index.js';
import { ADMISSION_CONFIG_MODES } from '../checks/config/index.js';
import { compileAdmissionPolicy } from './admission-policy.js';
import { ADMISSION_MODES } from './verdict-types.js';

const IDS = ['wl-privileged', 'wl-image-latest', 'wl-image-not-digest', 'wl-host-pid'];

function section(changes: Partial<AdmissionConfig>): AdmissionConfig {
  return { ...defaultAdmissionConfig(), ...changes };
}

describe('compileAdmissionPolicy', () => {
  it('offers the modes the verdict contract knows', () => {
    expect([...ADMISSION_CONFIG_MODES]).toEqual([...ADMISSION_MODES]);
  });

  it('warns by default, for every severity but info', () => {
    const policy = compileAdmissionPolicy(undefined, IDS);
    expect(policy.modeFor('wl-privileged', 'shop')).toBe('warn');
    expect(policy.judges('low')).toBe(true);
    expect(policy.judges('info')).toBe(false);
  });

  it('prefers an exact id to a glob, and the first glob written to later ones', () => {
    const policy = compileAdmissionPolicy(
      section({ mode: 'audit', checks: { 'wl-image-*': 'warn', 'wl-*': 'enforce', 'wl-image-latest': 'enforce' } }),
      IDS,
    );
    expect(policy.modeFor('wl-image-latest', 'shop')).toBe('enforce');
    expect(policy.modeFor('wl-image-not-digest', 'shop')).toBe('warn');
    expect(policy.modeFor('wl-host-pid', 'shop')).toBe('enforce');
  });

  it('orders namespace rule checks, then admission.checks, then the rule mode, then the default', () => {
    const policy = compileAdmissionPolicy(
      section({
        mode: 'enforce',
        checks: { 'wl-privileged': 'enforce', 'wl-image-latest': 'warn' },
        namespaces: [
          { match: ['dev-*'], mode: 'audit', checks: { 'wl-image-latest': 'audit' }, index: 0 },
          { match: ['dev-alice', 'qa'], mode: 'warn', checks: {}, index: 1 },
        ],
      }),
      IDS,
    );
    expect(policy.modeFor('wl-image-latest', 'dev-alice')).toBe('audit');
    expect(policy.modeFor('wl-privileged', 'dev-alice')).toBe('enforce');
    expect(policy.modeFor('wl-host-pid', 'dev-alice')).toBe('audit');
    expect(policy.modeFor('wl-host-pid', 'qa')).toBe('warn');
    expect(policy.modeFor('wl-host-pid', 'prod')).toBe('enforce');
    // Cluster-scoped objects have no namespace: no rule applies.
    expect(policy.modeFor('wl-image-latest', undefined)).toBe('warn');
  });

  it('excludes configured namespaces, kube-system and its own, and nothing for cluster-scoped objects', () => {
    const policy = compileAdmissionPolicy(section({ excludeNamespaces: ['team-*-scratch'] }), IDS, { ownNamespace: 'eksguard' });
    expect(policy.exclusion('team-a-scratch')).toBe('namespace "team-a-scratch" is excluded by admission.excludeNamespaces');
    expect(policy.exclusion('kube-system')).toBe('namespace "kube-system" is always excluded');
    expect(policy.exclusion('eksguard')).toBe('namespace "eksguard" is always excluded');
    expect(policy.exclusion('team-a')).toBeUndefined();
    expect(policy.exclusion(undefined)).toBeUndefined();
  });

  it('keeps the namespace labels for the webhook configuration, which enforces them', () => {
    const labels = { 'eksguard.dev/admission': 'disabled' };
    expect(compileAdmissionPolicy(section({ excludeNamespaceLabels: labels }), IDS).excludeNamespaceLabels).toEqual(labels);
  });
});
