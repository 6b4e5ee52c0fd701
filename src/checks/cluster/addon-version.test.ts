import { describe, expect, it } from 'vitest';
import { compareVersions, compatibleVersions, kubernetesMinor } from './addon-version.js';
import { addonVersion } from './test-support/aws-fixtures.js';

describe('compareVersions', () => {
  it.each([
    ['v1.19.0-eksbuild.3', 'v1.19.2-eksbuild.1', -1],
    ['v1.19.2-eksbuild.1', 'v1.19.2-eksbuild.3', -1],
    ['v1.19.2-eksbuild.3', 'v1.19.10-eksbuild.1', -1],
    ['v1.20.0-eksbuild.1', 'v1.19.10-eksbuild.9', 1],
    ['v1.11.4-eksbuild.2', 'v1.11.4-eksbuild.2', 0],
    ['v1.11.4-eksbuild.10', 'v1.11.4-eksbuild.9', 1],
    ['1.2', 'v1.2.0', 0],
    ['v1.2.0', 'v1.2.0-eksbuild.1', -1],
    ['v2.0.0', 'v10.0.0', -1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
    expect(compareVersions(b, a)).toBe(-expected || 0);
  });
});

describe('kubernetesMinor', () => {
  it('reads major and minor', () => {
    expect(kubernetesMinor('1.31')).toEqual([1, 31]);
    expect(kubernetesMinor('v1.29.15-eks-1234')).toEqual([1, 29]);
    expect(kubernetesMinor('latest')).toBeUndefined();
    expect(kubernetesMinor(undefined)).toBeUndefined();
  });
});

describe('compatibleVersions', () => {
  const infos = [
    addonVersion('v1.19.0-eksbuild.3', { '1.31': false }),
    addonVersion('v1.19.2-eksbuild.1', { '1.32': true, '1.31': true }),
    addonVersion('v1.19.10-eksbuild.1', { '1.32': false, '1.31': false }),
    addonVersion('v1.20.0-eksbuild.1', { '1.33': true }),
  ];

  it('keeps versions compatible with the cluster, newest first, and finds the default', () => {
    expect(compatibleVersions(infos, '1.32')).toEqual({
      versions: ['v1.19.10-eksbuild.1', 'v1.19.2-eksbuild.1'],
      defaultVersion: 'v1.19.2-eksbuild.1',
      latest: 'v1.19.10-eksbuild.1',
    });
  });

  it('keeps versions that list no compatibilities (the call was already filtered)', () => {
    const bare = [{ addonVersion: 'v0.7.1-eksbuild.1' }, { addonVersion: 'v0.8.0-eksbuild.2' }];
    expect(compatibleVersions(bare, '1.32')).toEqual({ versions: ['v0.8.0-eksbuild.2', 'v0.7.1-eksbuild.1'], latest: 'v0.8.0-eksbuild.2' });
  });

  it('has nothing for a Kubernetes version no entry names', () => {
    expect(compatibleVersions(infos, '1.40')).toEqual({ versions: [] });
  });
});
