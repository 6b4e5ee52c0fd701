import { describe, expect, it } from 'vitest';
import { nodegroupMetadata, poolMetadata } from './metadata-options.js';
import { denied, instance, launchTemplateVersion, nodegroup, withLaunchTemplate } from '../../checks/nodes/test-support/aws-fixtures.js';
import { view } from '../../checks/nodes/test-support/views.js';

const LT = 'lt-0a1b2c3d4e5f60001';
const optional = { HttpTokens: 'optional' as const, HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' as const };

describe('metadata options', () => {
  it('takes the launch template value when it sets the field', () => {
    const inventory = view({ ec2: { launchTemplateVersions: [launchTemplateVersion(LT, 1, { MetadataOptions: optional })], instances: [instance('i-1', 'general')] } });
    const result = nodegroupMetadata(inventory, withLaunchTemplate(nodegroup('general'), LT, 1), 'HttpTokens');
    expect(result).toEqual({
      observations: [
        {
          value: 'optional',
          endpointDisabled: false,
          where: 'launch template ng-lt (lt-0a1b2c3d4e5f60001) version 1',
          path: ['LaunchTemplateData', 'MetadataOptions', 'HttpTokens'],
          fromLaunchTemplate: true,
          launchTemplateId: LT,
        },
      ],
    });
  });

  it('treats a disabled endpoint in the template as deciding', () => {
    const inventory = view({ ec2: { launchTemplateVersions: [launchTemplateVersion(LT, 1, { MetadataOptions: { HttpEndpoint: 'disabled' } })] } });
    const result = nodegroupMetadata(inventory, withLaunchTemplate(nodegroup('general'), LT, 1), 'HttpPutResponseHopLimit');
    expect('observations' in result && result.observations[0]).toMatchObject({ endpointDisabled: true, path: ['LaunchTemplateData', 'MetadataOptions', 'HttpEndpoint'] });
  });

  it('falls back to the running instances, grouped by value', () => {
    const inventory = view({ ec2: { instances: [instance('i-1', 'general', { MetadataOptions: optional }), instance('i-2', 'general'), instance('i-3', 'general')] } });
    const result = nodegroupMetadata(inventory, nodegroup('general'), 'HttpTokens');
    expect('observations' in result && result.observations.map((entry) => [entry.value, entry.where])).toEqual([
      ['optional', '1 instance (i-1)'],
      ['required', '2 instances (i-2, i-3)'],
    ]);
    expect('observations' in poolMetadata([instance('i-9', undefined)], 'HttpPutResponseHopLimit') && poolMetadata([instance('i-9', undefined)], 'HttpPutResponseHopLimit')).toMatchObject({
      observations: [{ value: 1, path: ['MetadataOptions', 'HttpPutResponseHopLimit'] }],
    });
  });

  it('explains what is unknown', () => {
    const noTemplate = nodegroupMetadata(view({}, { errors: [denied('ec2', 'DescribeInstances')] }), nodegroup('general'), 'HttpTokens');
    expect(noTemplate).toEqual({ unknown: expect.stringMatching(/^the node group has no launch template of its own, .*; ec2:DescribeInstances failed during collection/) as unknown });
    const unset = nodegroupMetadata(view({ ec2: { launchTemplateVersions: [launchTemplateVersion(LT, 1, {})], instances: [] } }), withLaunchTemplate(nodegroup('general'), LT, 1), 'HttpTokens');
    expect(unset).toEqual({ unknown: expect.stringMatching(/does not set MetadataOptions\.HttpTokens.*no running instance of the node group/) as unknown });
  });
});
