import { describe, expect, it } from 'vitest';
import { FRAMEWORK_IDS, findFramework, frameworkChecks, UnknownFrameworkError } from './select.js';

describe('findFramework', () => {
  it('knows the shipped frameworks and the two PSS levels', () => {
    expect(FRAMEWORK_IDS).toEqual(['cis-eks-1.8', 'nsa-cisa-1.2', 'pss', 'pss-baseline', 'pss-restricted']);
    for (const id of FRAMEWORK_IDS) expect(findFramework(id).id).toBe(id);
  });

  it('gives the Baseline level its own controls and enforcement, Restricted everything of Baseline too', () => {
    const pss = findFramework('pss');
    const baseline = findFramework('pss-baseline');
    const restricted = findFramework('pss-restricted');
    const ids = (framework: typeof pss): string[] => framework.controls.map((control) => control.id);
    expect(ids(baseline).every((id) => id.startsWith('baseline.') || id === 'enforcement')).toBe(true);
    expect(ids(baseline)).toContain('baseline.privileged-containers');
    expect(ids(baseline)).not.toContain('restricted.capabilities');
    expect(ids(restricted)).toEqual(ids(pss));
    expect(ids(restricted)).toEqual(expect.arrayContaining(ids(baseline)));
    expect(baseline.title).toMatch(/Baseline/);
    expect(restricted.title).toMatch(/Restricted/);
  });

  it('rejects an unknown id, listing the known ones', () => {
    expect(() => findFramework('cis-eks-9')).toThrow(UnknownFrameworkError);
    expect(() => findFramework('cis-eks-9')).toThrow(/known frameworks: cis-eks-1\.8, nsa-cisa-1\.2, pss, pss-baseline, pss-restricted/);
    expect(() => findFramework('constructor')).toThrow(UnknownFrameworkError);
  });

  it('lists the built checks a framework names', () => {
    const checks = frameworkChecks(findFramework('cis-eks-1.8'));
    expect(checks.has('rbac-wildcard')).toBe(true);
    expect(checks.has('sc-image-vulns-critical')).toBe(true);
    // A planned id is named by the framework but not listed until its check is built.
    expect(frameworkChecks(findFramework('nsa-cisa-1.2')).has('sec-secrets-in-images')).toBe(false);
  });
});
