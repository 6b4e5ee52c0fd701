import { describe, expect, it } from 'vitest';
import { addonConfiguration, addonsMissing, addonTargets, findAddon, isTrue } from './addons.js';
import { addon, awsWith, denied, describeCluster } from './test-support/aws-fixtures.js';
import { inventoryOf } from './test-support/inventory.js';

describe('add-ons', () => {
  it('targets each add-on by ARN and finds one by name', () => {
    const cni = addon('vpc-cni', 'v1.21.0-eksbuild.4');
    const inventory = inventoryOf({ aws: awsWith({ cluster: describeCluster(), eks: { addons: [cni] } }) });
    expect(addonsMissing(inventory)).toBeUndefined();
    expect(addonTargets(inventory).map((target) => target.resource)).toEqual([{ kind: 'EKSAddon', name: cni.addonArn }]);
    expect(findAddon(inventory, 'vpc-cni')).toBe(cni);
    expect(findAddon(inventory, 'coredns')).toBeUndefined();
  });

  it('says why the list is missing', () => {
    const inventory = inventoryOf({ aws: awsWith({ cluster: describeCluster() }), errors: [denied('eks', 'ListAddons', 'prod')] });
    expect(addonsMissing(inventory)).toMatch(/^eks:ListAddons for prod failed during collection/);
  });

  it('reads configuration values written as JSON or YAML', () => {
    expect(addonConfiguration(addon('vpc-cni', 'v1', { configurationValues: '{"enableNetworkPolicy":"true"}' }))).toEqual({ enableNetworkPolicy: 'true' });
    expect(addonConfiguration(addon('vpc-cni', 'v1', { configurationValues: 'enableNetworkPolicy: "true"\nenv:\n  WARM_IP_TARGET: "5"\n' }))).toEqual({
      enableNetworkPolicy: 'true',
      env: { WARM_IP_TARGET: '5' },
    });
    expect(addonConfiguration(addon('vpc-cni', 'v1', { configurationValues: '  ' }))).toBeUndefined();
    expect(addonConfiguration(addon('vpc-cni', 'v1', { configurationValues: '{broken: [' }))).toBeUndefined();
    expect(addonConfiguration(addon('vpc-cni', 'v1', { configurationValues: '- a\n- b\n' }))).toBeUndefined();
  });

  it('accepts "true" in any case and the boolean', () => {
    expect([isTrue(true), isTrue('true'), isTrue(' True '), isTrue('false'), isTrue(1), isTrue(undefined)]).toEqual([true, true, true, false, false, false]);
  });
});
